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
 * audit row commit together. Writers are queued per process (common/mutex.ts); across processes
 * the primary key on `seq` makes a second writer of the same position fail rather than fork.
 */
export async function appendAudit(tx: EntityManager, at: Date, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const repo = tx.getRepository(AuditEventEntity);
  const [last] = await repo.find({ order: { seq: 'DESC' }, take: 1 });
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
