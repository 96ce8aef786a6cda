import { errorMessage } from '../../../common/errors';
import { log } from '../../../common/log';
import type { LedgerStore } from './ledger.store';

/** A leg's lease as this attempt took it: until when, for how long each renewal. */
export interface Lease {
  requestId: string;
  subgraph: string;
  until: Date;
  ms: number;
}

/**
 * Runs an attempt while keeping its lease: every half lease, the lease is extended if it is still
 * this attempt's (its `claimed_until` unchanged since the last extension). A leg whose work
 * outlasts one lease (a large access package, a slow subgraph) is then never taken by a second
 * replica while the first still runs it; a replica that dies stops renewing, and its lease lapses
 * as before. An attempt shorter than half a lease costs no statement.
 */
export async function keepingLease<T>(store: LedgerStore, lease: Lease, work: () => Promise<T>): Promise<T> {
  let held = lease.until;
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = renewing.then(async () => {
        const next = new Date(Date.now() + lease.ms);
        try {
          const kept = await store.write((tx) => store.renewLease(tx, lease.requestId, lease.subgraph, held, next));
          if (kept) held = next;
          else log().warn({ subgraph: lease.subgraph }, 'leg lease lost: another worker may run this leg');
        } catch (error) {
          log().warn({ subgraph: lease.subgraph }, `leg lease not renewed: ${errorMessage(error)}`);
        }
      });
    },
    Math.max(50, Math.floor(lease.ms / 2)),
  );
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await renewing;
  }
}
