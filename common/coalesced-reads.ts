import mysql, { type Pool, type PoolOptions } from 'mysql2';
import type { DataSource, ObjectLiteral } from 'typeorm';
import type { SqlCounter } from './sql-counter';

/**
 * At most this many statements go in one round trip: a batch runs its statements one after
 * another on one server thread, so under many concurrent requests the reads of one moment
 * still spread over several connections (and cores of the database) instead of one long queue.
 */
export const MAX_BATCH_STATEMENTS = 20;
/**
 * And at most this many characters of SQL (a statement of a bulk export names up to 1,000 keys,
 * about 40 KB): far under MariaDB's and MySQL's default `max_allowed_packet` (16 and 64 MiB).
 * A longer statement goes alone.
 */
export const MAX_BATCH_CHARS = 1_000_000;

interface Pending {
  sql: string;
  resolve: (rows: ObjectLiteral[]) => void;
  reject: (e: unknown) => void;
}

/**
 * The DataLoader reads of one moment, sent to MySQL/MariaDB in one round trip (decision 339).
 *
 * An export's resolvers ask their loaders for every collection of a subject at once, and each
 * loader sends its one statement (`rowsByKeys`, batch-read.ts) at the end of the same tick: on
 * the pool, that was seven statements on seven connections, seven server threads woken on a
 * machine with two cores, seven answers read back. Here the statements queued during one turn
 * of the event loop go as one multi-statement query on one connection, and each caller gets its
 * own result set. The statements are the same, and are counted one by one, in the caller's
 * context (a worker's uncounted reads stay uncounted): only the round trips are fewer (an
 * export's 23 statements in about 9; MariaDB's CPU per export a fifth to a quarter lower).
 *
 * Multiple statements are allowed on this pool only, whose SQL is `rowsByKeys`'s alone: built
 * from entity metadata, every value escaped by the driver (`format`), nothing of a caller's
 * text. The stores' own pool (TypeORM's) keeps refusing them, so a statement built elsewhere can
 * never carry a second one.
 */
export class CoalescedReads {
  private queue: Pending[] = [];
  private pool: Pool | null = null;
  private trips = 0;
  private closed = false;

  /** `options`: the connection options of the data source's own pool (same charset, time zone, numbers). */
  constructor(
    private readonly options: PoolOptions,
    private readonly counter: SqlCounter,
  ) {}

  /** Round trips made so far (one per moment with reads, one more per statement of a batch that failed). */
  get roundTrips(): number {
    return this.trips;
  }

  /** The rows of one SELECT (placeholders `?`, `values` escaped into it), read with the others of this moment. */
  read(sql: string, values: readonly string[]): Promise<ObjectLiteral[]> {
    // As TypeORM's pool does once its data source is destroyed: no new connection behind its back.
    if (this.closed) return Promise.reject(new Error('the data source is closed: no read'));
    // As TypeORM's logger sees it: the statement with its placeholders, counted now, in the caller's context.
    this.counter.logQuery(sql);
    const text = mysql.format(sql, [...values], true, this.options.timezone);
    return new Promise((resolve, reject) => {
      if (this.queue.push({ sql: text, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  /** Closes the pool (the data source's `destroy`): reads still queued are answered first. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.queue.length > 0) await new Promise<void>((done) => setImmediate(done));
    const pool = this.pool;
    this.pool = null;
    if (pool) await new Promise<void>((done) => pool.end(() => done()));
  }

  private connection(): Pool {
    this.pool ??= mysql.createPool({ ...this.options, multipleStatements: true });
    return this.pool;
  }

  /** Everything queued, in batches of at most MAX_BATCH_STATEMENTS statements and MAX_BATCH_CHARS characters. */
  private flush(): void {
    const queued = this.queue.splice(0);
    let batch: Pending[] = [];
    let chars = 0;
    for (const read of queued) {
      if (batch.length > 0 && (batch.length === MAX_BATCH_STATEMENTS || chars + read.sql.length > MAX_BATCH_CHARS)) {
        this.send(batch);
        batch = [];
        chars = 0;
      }
      batch.push(read);
      chars += read.sql.length;
    }
    if (batch.length > 0) this.send(batch);
  }

  private send(batch: Pending[]): void {
    const started = performance.now();
    const sql = batch.map((b) => b.sql).join(';\n');
    this.trips += 1;
    this.connection().query(sql, (error: unknown, results: unknown) => {
      const ms = performance.now() - started;
      if (ms > 1) this.counter.logQuerySlow(ms, sql);
      if (!error) {
        // One statement answers its rows; several, one array of rows per statement, in order.
        const sets = batch.length === 1 ? [results] : (results as unknown[]);
        batch.forEach((b, i) => b.resolve(sets[i] as ObjectLiteral[]));
      } else if (batch.length === 1) batch[0].reject(error);
      // A failed statement stops the ones after it: each goes again alone, to get its own answer.
      else for (const b of batch) this.single(b);
    });
  }

  private single(b: Pending): void {
    this.trips += 1;
    this.connection().query(b.sql, (error: unknown, rows: unknown) =>
      error ? b.reject(error) : b.resolve(rows as ObjectLiteral[]),
    );
  }
}

/** Each MySQL data source's coalesced reads (datasource.ts registers them); none on SQLite. */
const registry = new WeakMap<DataSource, CoalescedReads>();

export function registerCoalescedReads(ds: DataSource, reads: CoalescedReads): void {
  registry.set(ds, reads);
}

export function coalescedReadsOf(ds: DataSource): CoalescedReads | undefined {
  return registry.get(ds);
}
