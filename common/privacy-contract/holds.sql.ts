import type { EntityManager } from 'typeorm';
import { RetentionGround, type RetainedRecord } from './receipt';

/** The event that ends a legal hold: it has no date until then. */
export const HOLD_RELEASED = 'HOLD_RELEASED';

/**
 * A kind of record a hold may cover, as SQL over its table aliased `r`: its key (what a hold
 * names), the subject it belongs to, and what is selected as its id in a receipt. A record with
 * no subject column of its own (a support message) reaches it through a join in `from`.
 */
export interface HoldableTable {
  entity: string;
  from: string;
  id: string;
  key: string;
  subject: string;
  /** Rows that still hold something of the subject (a tombstone does not). */
  where?: string;
}

/** The common case: a table with `id` and `subject_id` (or the given columns). */
export function holdable(entity: string, table: string, key = 'id', subject = 'subject_id'): HoldableTable {
  return { entity, from: `${table} r`, id: `r.${key}`, key: `r.${key}`, subject: `r.${subject}` };
}

/** SQL: an active hold covers the record whose key and subject are these column expressions. */
export function heldBy(key: string, subject: string): string {
  return `EXISTS (SELECT 1 FROM legal_hold lh WHERE lh.released_at IS NULL AND lh.subject_id = ${subject} AND (lh.record_id IS NULL OR lh.record_id = ${key}))`;
}

/**
 * SQL for a DELETE or UPDATE of `table` (named as in the statement): no active hold covers the
 * row. Joined into the statement itself, so excluding held records adds no statement.
 */
export function notHeld(table: string, key = 'id', subject = 'subject_id'): string {
  return `NOT ${heldBy(`${table}.${key}`, `${table}.${subject}`)}`;
}

interface HeldRow {
  id: string;
  holdId: string;
  reason: string;
}

/**
 * What active holds keep of the subject here, per entity: one SELECT for every kind of record
 * at once (a UNION ALL, never a statement per record or per hold), each record once per hold
 * that covers it. `holdId` narrows to one hold.
 */
export async function heldRecords(
  tx: EntityManager,
  tables: readonly HoldableTable[],
  subjectId: string,
  holdId?: string,
): Promise<Map<string, RetainedRecord[]>> {
  const out = new Map<string, RetainedRecord[]>();
  if (tables.length === 0) return out;
  const parts = tables.map(
    (t, i) =>
      `SELECT ${i} AS n, ${t.id} AS id, lh.hold_id AS holdId, lh.reason AS reason, lh.placed_at AS placedAt FROM ${t.from}
       JOIN legal_hold lh ON lh.released_at IS NULL AND lh.subject_id = ${t.subject} AND (lh.record_id IS NULL OR lh.record_id = ${t.key})
       WHERE ${t.subject} = ?${holdId ? ' AND lh.hold_id = ?' : ''}${t.where ? ` AND ${t.where}` : ''}`,
  );
  const rows = await tx.query<Array<HeldRow & { n: number | string }>>(
    `SELECT * FROM (${parts.join(' UNION ALL ')}) held ORDER BY n, id, placedAt, holdId`,
    tables.flatMap(() => (holdId ? [subjectId, holdId] : [subjectId])),
  );
  for (const row of rows) {
    const entity = tables[Number(row.n)].entity;
    out.set(entity, [...(out.get(entity) ?? []), heldRecord(row)]);
  }
  return out;
}

/** The keys among `keys` that are records of the subject here: one SELECT per kind of record. */
export async function ownKeys(
  tx: EntityManager,
  tables: readonly HoldableTable[],
  subjectId: string,
  keys: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  if (keys.length === 0) return found;
  for (const t of tables) {
    const rows = await tx.query<Array<{ k: string }>>(
      `SELECT DISTINCT ${t.key} AS k FROM ${t.from} WHERE ${t.subject} = ? AND ${t.key} IN (${keys.map(() => '?').join(', ')})${t.where ? ` AND ${t.where}` : ''}`,
      [subjectId, ...keys],
    );
    for (const row of rows) found.add(row.k);
  }
  return found;
}

export function heldRecord(row: HeldRow): RetainedRecord {
  return {
    id: row.id,
    ground: RetentionGround.ART_17_3_E,
    until: null,
    untilEvent: HOLD_RELEASED,
    holdId: row.holdId,
    reason: row.reason,
  };
}

/** What a sweep's rule would have removed but holds keep: how many records, under which holds. */
export interface HeldDue {
  kept: number;
  holds: string[];
}

/**
 * Due records a hold keeps, per hold, for a sweep's receipt: one SELECT whatever their number.
 * `dueRows` selects the due records' key as `k` and subject as `s`, with named parameters.
 */
export async function heldDue(
  tx: EntityManager,
  dueRows: string,
  parameters: Record<string, unknown> = {},
): Promise<HeldDue> {
  const [sql, values] = tx.connection.driver.escapeQueryWithParameters(
    `SELECT lh.hold_id AS holdId, COUNT(*) AS n FROM legal_hold lh JOIN (${dueRows}) d
     ON lh.subject_id = d.s AND (lh.record_id IS NULL OR lh.record_id = d.k)
     WHERE lh.released_at IS NULL GROUP BY lh.hold_id ORDER BY lh.hold_id`,
    parameters,
  );
  const rows = await tx.query<Array<{ holdId: string; n: number | string }>>(sql, values);
  return { kept: rows.reduce((n, r) => n + Number(r.n), 0), holds: rows.map((r) => r.holdId) };
}

/** A rule outcome's fields for what holds kept (nothing when none did). */
export function keptByHolds(held: HeldDue): {
  kept?: number;
  keptGround?: RetentionGround;
  keptUntilEvent?: string;
  keptHolds?: string[];
} {
  return held.kept > 0
    ? { kept: held.kept, keptGround: RetentionGround.ART_17_3_E, keptUntilEvent: HOLD_RELEASED, keptHolds: held.holds }
    : {};
}
