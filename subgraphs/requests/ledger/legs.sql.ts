import type { EntityManager } from 'typeorm';
import { RequestLegEntity } from './entities/request-leg.entity';

/** The column of each property of a leg, for the SQL written by hand. */
const LEG_COLUMNS: Record<keyof RequestLegEntity, string> = {
  requestId: 'request_id',
  subgraph: 'subgraph',
  status: 'status',
  attempts: 'attempts',
  lastError: 'last_error',
  nextAttemptAt: 'next_attempt_at',
  claimedUntil: 'claimed_until',
  receipt: 'receipt',
  updatedAt: 'updated_at',
};

/**
 * What several legs of a request became, in one UPDATE (LedgerStore.saveLegs): each column a
 * `CASE` on the subgraph, kept as it is for a leg whose changes do not name it.
 */
export async function updateLegs(
  tx: EntityManager,
  requestId: string,
  legs: ReadonlyArray<{ subgraph: string; changes: Partial<RequestLegEntity> }>,
): Promise<void> {
  const params: Record<string, unknown> = { requestId, subgraphs: legs.map((l) => l.subgraph) };
  legs.forEach((l, i) => (params[`leg${i}`] = l.subgraph));
  const set: Partial<Record<keyof RequestLegEntity, () => string>> = {};
  const named = new Set(legs.flatMap((l) => Object.keys(l.changes))) as Set<keyof RequestLegEntity>;
  for (const property of named) {
    const whens = legs.flatMap((l, i) => {
      if (l.changes[property] === undefined) return [];
      params[`${property}${i}`] = l.changes[property];
      return [`WHEN :leg${i} THEN :${property}${i}`];
    });
    set[property] = () => `CASE subgraph ${whens.join(' ')} ELSE ${LEG_COLUMNS[property]} END`;
  }
  await tx
    .createQueryBuilder()
    .update(RequestLegEntity)
    .set(set)
    .where('request_id = :requestId AND subgraph IN (:...subgraphs)', params)
    .execute();
}
