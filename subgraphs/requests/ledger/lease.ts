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
 * Runs an attempt while keeping its leases (the legs of one request it took together, all of the
 * same length): every half lease, each is extended if it is still this attempt's (its
 * `claimed_until` unchanged since the last extension), all in one transaction. A leg whose work
 * outlasts one lease (a large access package, a slow subgraph) is then never taken by a second
 * replica while the first still runs it; a replica that dies stops renewing, and its leases lapse
 * as before. An attempt shorter than half a lease costs no statement.
 */
export async function keepingLeases<T>(
  store: LedgerStore,
  leases: readonly Lease[],
  work: () => Promise<T>,
): Promise<T> {
  if (leases.length === 0) return work();
  const held = new Map(leases.map((l) => [l.subgraph, l.until]));
  const ms = leases[0].ms;
  let renewing: Promise<void> = Promise.resolve();
  const renew = async () => {
    const next = new Date(Date.now() + ms);
    try {
      // What was kept is noted once committed: a transaction run again after a deadlock starts over.
      const { kept, lost } = await store.write(async (tx) => {
        const outcome = { kept: [] as string[], lost: [] as string[] };
        for (const [subgraph, until] of held) {
          const renewed = await store.renewLease(tx, leases[0].requestId, subgraph, until, next);
          (renewed ? outcome.kept : outcome.lost).push(subgraph);
        }
        return outcome;
      });
      for (const subgraph of kept) held.set(subgraph, next);
      for (const subgraph of lost) {
        held.delete(subgraph);
        log().warn({ subgraph }, 'leg lease lost: another worker may run this leg');
      }
    } catch (error) {
      log().warn({ subgraphs: [...held.keys()] }, `leg lease not renewed: ${errorMessage(error)}`);
    }
  };
  const timer = setInterval(
    () => {
      renewing = renewing.then(renew);
    },
    Math.max(50, Math.floor(ms / 2)),
  );
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await renewing;
  }
}
