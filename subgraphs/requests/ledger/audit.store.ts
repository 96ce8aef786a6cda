import type { EntityManager } from 'typeorm';
import { auditHash, canonicalTail, GENESIS_HASH, type AuditFields } from './audit-chain';
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
 * audit rows commit together, one linear chain whatever the number of writers (replicas, or one
 * process's pool). SQLite's writers are already queued (common/mutex.ts) on its one connection:
 * the last row is read and the hashes computed here.
 *
 * On MySQL every append holds the chain's head row (`audit_head`) from its lock to its commit,
 * and every other append waits that long. Each statement under the lock is a round trip that
 * waits for this process to be scheduled and to read the answer (mysql2 sends a statement once
 * the one before it is answered), which under load is most of the hold. So after the lock, one
 * statement does the rest on the server: an `INSERT ... SELECT` that reads the last row (a
 * locking read: the latest committed, not the transaction's snapshot) and inserts the new rows
 * after it, each hash computed with SHA2 over the same text as auditHash (canonicalTail). Two
 * round trips under the lock before the commit, where reading the last row and inserting took
 * three.
 */
export async function appendAudit(tx: EntityManager, at: Date, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => ({
    at,
    requestId: e.requestId,
    action: e.action,
    actor: e.actor,
    detail: JSON.stringify(e.detail),
  }));
  if (tx.connection.options.type !== 'mysql') return appendHere(tx, rows);
  await tx.query('SELECT id FROM audit_head WHERE id = 1 FOR UPDATE');
  for (let i = 0; i < rows.length; i += CHAINED_PER_STATEMENT) {
    const chunk = rows.slice(i, i + CHAINED_PER_STATEMENT);
    const { text, params } = chainedInsert(chunk);
    const result = await tx.query<{ affectedRows?: number }>(text, params);
    if (result.affectedRows !== chunk.length)
      throw new Error(`the audit chain took ${result.affectedRows ?? 0} of ${chunk.length} rows`);
  }
}

type Unchained = Omit<AuditFields, 'seq'>;

/** Rows chained per statement: each row's hash nests the one before it, so the text grows as their square. */
const CHAINED_PER_STATEMENT = 8;

/** The chain's last row, or the genesis: the position the rows follow. */
const TAIL = `(SELECT COALESCE(p.seq, 0) AS seq, COALESCE(p.hash, ?) AS hash
  FROM (SELECT 1 AS one) d
  LEFT JOIN (SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1) p ON TRUE) t`;

interface Sql {
  text: string;
  /** In the order of the placeholders in `text`. */
  params: unknown[];
}

/**
 * One `INSERT ... SELECT` of these rows after the chain's last row: row k takes position
 * t.seq + k and the hash SHA2(previous hash, newline, `[` position `,` canonicalTail), the
 * previous hash being the last row's for the first. MySQL and MariaDB alike.
 */
function chainedInsert(rows: readonly Unchained[]): Sql {
  const hashes: Sql[] = [{ text: 't.hash', params: [] }];
  rows.forEach((row, i) => {
    const prev = hashes[i];
    hashes.push({
      text: `SHA2(CONCAT(${prev.text}, ?, t.seq + ${i + 1}, ?), 256)`,
      params: [...prev.params, '\n[', `,${canonicalTail(row)}`],
    });
  });
  const byRow = (offset: number): Sql => ({
    text: `CASE e.k ${rows.map((_, i) => `WHEN ${i + 1} THEN ${hashes[i + offset].text}`).join(' ')} END`,
    params: rows.flatMap((_, i) => hashes[i + offset].params),
  });
  const [prevHash, hash] = [byRow(0), byRow(1)];
  const entries = rows.map((_, i) =>
    i === 0
      ? 'SELECT 1 AS k, ? AS at, ? AS request_id, ? AS action, ? AS actor, ? AS detail'
      : `SELECT ${i + 1}, ?, ?, ?, ?, ?`,
  );
  return {
    text: `INSERT INTO audit_event (seq, at, request_id, action, actor, detail, prev_hash, hash)
SELECT t.seq + e.k, e.at, e.request_id, e.action, e.actor, e.detail, ${prevHash.text}, ${hash.text}
FROM ${TAIL}
CROSS JOIN (${entries.join(' UNION ALL ')}) e`,
    params: [
      ...prevHash.params,
      ...hash.params,
      GENESIS_HASH,
      ...rows.flatMap((r) => [r.at, r.requestId, r.action, r.actor, r.detail]),
    ],
  };
}

async function appendHere(tx: EntityManager, rows: readonly Unchained[]): Promise<void> {
  const repo = tx.getRepository(AuditEventEntity);
  const last = await repo.createQueryBuilder('a').orderBy('a.seq', 'DESC').limit(1).getOne();
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const chained: AuditEventEntity[] = [];
  for (const row of rows) {
    seq += 1;
    const hash = auditHash(prevHash, { seq, ...row });
    chained.push({ seq, ...row, prevHash, hash });
    prevHash = hash;
  }
  await repo.insert(chained);
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
