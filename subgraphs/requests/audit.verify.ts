import type { DataSource } from 'typeorm';
import { checkChain, GENESIS_HASH, type ChainBreak } from './audit-chain';
import { auditPage } from './audit.store';

export interface AuditVerification {
  rows: number;
  /** The first row that breaks the chain, if any. */
  broken: ChainBreak | null;
}

const PAGE = 1000;

/** Walks the whole audit log in order, a page at a time, checking every link of the chain. */
export async function verifyAuditLog(ds: DataSource): Promise<AuditVerification> {
  let prev = { seq: 0, hash: GENESIS_HASH };
  let rows = 0;
  for (;;) {
    const page = await auditPage(ds.manager, prev.seq, PAGE);
    if (page.length === 0) return { rows, broken: null };
    const broken = checkChain(page, prev);
    if (broken) return { rows: rows + page.length, broken };
    rows += page.length;
    const last = page[page.length - 1];
    prev = { seq: last.seq, hash: last.hash };
  }
}
