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

/** SHA-256 over the previous hash and this row's fields, in a fixed order and encoding. */
export function auditHash(prevHash: string, row: AuditFields): string {
  const canonical = JSON.stringify([row.seq, row.at.toISOString(), row.requestId, row.action, row.actor, row.detail]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
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
