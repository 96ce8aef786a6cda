import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** What a rule's receipt counts of the records due: how many, of how many subjects. */
export interface Counted {
  rows: number;
  subjects: number;
}

/** SQL: the subjects this subgraph erased (the contract's own record, `privacy_operation`). */
export const SUBJECTS_ERASED_HERE = "SELECT o.subject_id FROM privacy_operation o WHERE o.operation = 'erase'";

/**
 * SQL: the subjects whose account closure this subgraph recorded (the contract's `close` row,
 * aliased `c`, so that a caller can add `AND c.done_at <= :closedBy`: its date is the closure's).
 */
export const SUBJECTS_CLOSED_HERE = "SELECT c.subject_id FROM privacy_operation c WHERE c.operation = 'close'";

/** Rows and distinct subjects (`subject`, a column expression) of a query over the records due: one SELECT. */
export async function countRows(query: SelectQueryBuilder<ObjectLiteral>, subject: string): Promise<Counted> {
  const row = await query
    .select('COUNT(*)', 'rows')
    .addSelect(`COUNT(DISTINCT ${subject})`, 'subjects')
    .getRawOne<{ rows: number | string; subjects: number | string }>();
  return { rows: Number(row?.rows ?? 0), subjects: Number(row?.subjects ?? 0) };
}

/** The common case: the records of one table (aliased `alias`, its subject in `subject_id`) that `where` selects. */
export function countDue(
  tx: EntityManager,
  entity: new () => object,
  alias: string,
  where: string,
  parameters: ObjectLiteral,
): Promise<Counted> {
  return countRows(tx.createQueryBuilder().from(entity, alias).where(where, parameters), `${alias}.subject_id`);
}
