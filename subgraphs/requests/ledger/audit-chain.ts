import { createHash } from 'node:crypto';

/** The hash before the first row. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  seq: number;
  at: Date;
  requestId: string | null;
  action: string;
  actor: string;
  detail: string;
}

/**
 * A row's canonical text after its position: `JSON.stringify([seq, at, requestId, action, actor,
 * detail])` is `[` + seq + `,` + this. Apart so that the database can hash a row whose position
 * only it knows (audit.store.ts, MySQL), with the same bytes as here.
 */
export function canonicalTail(row: Omit<AuditFields, 'seq'>): string {
  return JSON.stringify([row.at.toISOString(), row.requestId, row.action, row.actor, row.detail]).slice(1);
}

/** SHA-256 over the previous hash, a newline and this row's canonical text (its fields in a fixed order). */
export function auditHash(prevHash: string, row: AuditFields): string {
  return createHash('sha256').update(prevHash).update(`\n[${row.seq},`).update(canonicalTail(row)).digest('hex');
}

export interface ChainBreak {
  seq: number;
  reason: string;
}

/**
 * Checks rows in `seq` order, carrying the chain from `prev` (the last row of an earlier batch).
 * The first break is reported: a row changed (its hash no longer matches), a row removed or
 * inserted (sequence gap, or a prev_hash that is not the previous row's hash).
 */
export function checkChain(
  rows: ReadonlyArray<AuditFields & { prevHash: string; hash: string }>,
  prev: { seq: number; hash: string },
): ChainBreak | null {
  let last = prev;
  for (const row of rows) {
    if (row.seq !== last.seq + 1)
      return { seq: row.seq, reason: `expected row ${last.seq + 1} next, found row ${row.seq}: rows are missing` };
    if (row.prevHash !== last.hash)
      return { seq: row.seq, reason: 'its prev_hash is not the hash of the row before it' };
    if (auditHash(row.prevHash, row) !== row.hash)
      return { seq: row.seq, reason: 'its content does not match its hash (the row was altered)' };
    last = { seq: row.seq, hash: row.hash };
  }
  return null;
}
