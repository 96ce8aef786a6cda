import type { EntityManager } from 'typeorm';
import { auditHash, GENESIS_HASH } from './audit-chain';
import { AuditEventEntity } from './entities/audit-event.entity';

export interface AuditEntry {
  requestId: string | null;
  action: string;
  actor: string;
  /** No personal data: statuses, subgraphs, counts, field names. */
  detail: Record<string, unknown>;
}

/**
 * Appends to the hash-chained audit log inside the caller's transaction, so an action and its
 * audit row commit together. On MySQL any number of writers (replicas, or one process's pool)
 * append one after another: each locks the chain's head row (`audit_head`) first, then reads the
 * last position with a locking read (the latest committed row, not the transaction's snapshot).
 * The second writer waits for the first to commit instead of taking the same position. SQLite's
 * writers are already queued (common/mutex.ts) on its one connection.
 */
export async function appendAudit(tx: EntityManager, at: Date, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const repo = tx.getRepository(AuditEventEntity);
  const locking = tx.connection.options.type === 'mysql';
  if (locking) await tx.query('SELECT id FROM audit_head WHERE id = 1 FOR UPDATE');
  const lastRow = repo.createQueryBuilder('a').orderBy('a.seq', 'DESC').limit(1);
  if (locking) lastRow.setLock('pessimistic_write');
  const last = await lastRow.getOne();
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows: AuditEventEntity[] = [];
  for (const e of entries) {
    seq += 1;
    const fields = {
      seq,
      at,
      requestId: e.requestId,
      action: e.action,
      actor: e.actor,
      detail: JSON.stringify(e.detail),
    };
    const hash = auditHash(prevHash, fields);
    rows.push({ ...fields, prevHash, hash });
    prevHash = hash;
  }
  await repo.insert(rows);
}

/** Rows in order, a page at a time (the verifier reads the whole log without holding it in memory). */
export function auditPage(tx: EntityManager, afterSeq: number, limit: number): Promise<AuditEventEntity[]> {
  return tx
    .getRepository(AuditEventEntity)
    .createQueryBuilder('a')
    .where('a.seq > :afterSeq', { afterSeq })
    .orderBy('a.seq', 'ASC')
    .limit(limit)
    .getMany();
}
