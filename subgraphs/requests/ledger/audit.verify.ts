import type { DataSource } from 'typeorm';
import { checkChain, GENESIS_HASH, type ChainBreak } from './audit-chain';
import { auditPage } from './audit.store';
import { AuditAnchorEntity } from './entities/audit-anchor.entity';

export interface AuditVerification {
  rows: number;
  /** The first row that breaks the chain, if any. */
  broken: ChainBreak | null;
  /** Where the check started: the row before the first one kept, when the oldest were pruned. */
  anchor: { seq: number; hash: string } | null;
}

const PAGE = 1000;

/**
 * Walks the audit log in order, a page at a time, checking every link of the chain. Once the
 * retention sweep pruned the oldest rows, the walk starts from the latest anchor (the last pruned
 * row's seq and hash); the sweep's AUDIT_PRUNED row, itself in the chain, must name that anchor,
 * so an anchor cannot be rewritten to cover a removed row.
 */
export async function verifyAuditLog(ds: DataSource): Promise<AuditVerification> {
  const [latest] = await ds.getRepository(AuditAnchorEntity).find({ order: { seq: 'DESC' }, take: 1 });
  const anchor = latest ? { seq: latest.seq, hash: latest.hash } : null;
  let prev = anchor ?? { seq: 0, hash: GENESIS_HASH };
  let rows = 0;
  let anchorConfirmed = anchor === null;
  for (;;) {
    const page = await auditPage(ds.manager, prev.seq, PAGE);
    if (page.length === 0) break;
    const broken = checkChain(page, prev);
    if (broken) return { rows: rows + page.length, broken, anchor };
    for (const row of page) {
      if (anchor && row.action === 'AUDIT_PRUNED') {
        const detail = JSON.parse(row.detail) as { throughSeq?: number; hash?: string };
        if (detail.throughSeq === anchor.seq && detail.hash === anchor.hash) anchorConfirmed = true;
      }
    }
    rows += page.length;
    const last = page[page.length - 1];
    prev = { seq: last.seq, hash: last.hash };
  }
  if (!anchorConfirmed && anchor)
    return {
      rows,
      broken: {
        seq: anchor.seq + 1,
        reason: 'the anchor it starts from is named by no AUDIT_PRUNED row (the anchor was altered)',
      },
      anchor,
    };
  return { rows, broken: null, anchor };
}
