/**
 * Group commits for the access log (decision 300): the entries of requests answered while a
 * write is in flight go together in the next write, so under concurrent exports one POST (one
 * INSERT, one commit in `requests`) carries several requests' reads.
 *
 * Nothing waits on a timer. A write that finds a free slot is sent at once, so a request alone
 * pays nothing for the grouping; a write that finds every slot taken queues, and when a write
 * returns, the queue goes out as one batch (up to `maxItems` entries). Each request's promise
 * settles with the batch that held its entries: resolved once that batch is committed, rejected
 * if it failed, so a failed batch fails every request in it and none of them is answered with
 * its data.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface GroupCommitOptions<T> {
  /** Writes one batch; resolves once it is committed, rejects if it may not be. */
  send(items: readonly T[]): Promise<void>;
  /** Batches written at the same time. */
  maxInFlight: number;
  /** Entries per batch; one request's entries are never split, so a larger one goes alone. */
  maxItems: number;
}

interface Waiting<T> {
  items: readonly T[];
  resolve(): void;
  reject(error: unknown): void;
  /**
   * For a write that queued: runs a function in the async context the write came from (its
   * log scope, its trace), since the batch is sent from whichever write returned before it.
   */
  inContext?: <R>(fn: () => R) => R;
}

export class GroupCommit<T> {
  private readonly queue: Waiting<T>[] = [];
  private inFlight = 0;

  constructor(private readonly options: GroupCommitOptions<T>) {}

  /** Resolves once `items` are committed (in a batch with others, perhaps); rejects if that batch failed. */
  write(items: readonly T[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiting: Waiting<T> = { items, resolve, reject };
      if (this.inFlight < this.options.maxInFlight && this.queue.length === 0) {
        this.start([waiting]);
        return;
      }
      waiting.inContext = AsyncLocalStorage.snapshot();
      this.queue.push(waiting);
    });
  }

  /** Writes queued, not yet sent (for tests and diagnosis). */
  get queued(): number {
    return this.queue.length;
  }

  private start(batch: Waiting<T>[]): void {
    this.inFlight += 1;
    const items = batch.length === 1 ? batch[0].items : batch.flatMap((w) => w.items);
    // async: a send that throws at once rejects like one that fails later.
    const send = async (): Promise<void> => this.options.send(items);
    const sent = batch[0].inContext ? batch[0].inContext(send) : send();
    sent
      .then(
        () => {
          for (const w of batch) w.resolve();
        },
        (error: unknown) => {
          for (const w of batch) w.reject(error);
        },
      )
      .finally(() => {
        this.inFlight -= 1;
        this.drain();
      });
  }

  /** Sends what queued meanwhile, a batch per free slot. */
  private drain(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) this.start(this.take());
  }

  /** The oldest queued writes, as many as fit in one batch (always at least one). */
  private take(): Waiting<T>[] {
    let count = 1;
    let entries = this.queue[0].items.length;
    while (count < this.queue.length && entries + this.queue[count].items.length <= this.options.maxItems) {
      entries += this.queue[count].items.length;
      count += 1;
    }
    return this.queue.splice(0, count);
  }
}
