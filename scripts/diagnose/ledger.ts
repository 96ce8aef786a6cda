/**
 * The ledger in numbers, from the `requests` database: requests by type and status, overdue
 * ones, legs waiting or given up, mail, the audit chain, and the last retention sweep. Counts,
 * ids and dates only: no subject, no address, no request's details.
 */
import type { ReadOnlyDb, Row } from './read-only-db';

export interface LedgerReport {
  requests: Array<{ type: string; status: string; count: number }>;
  overdue: number;
  legs: Array<{ subgraph: string; status: string; count: number }>;
  outbox: Array<{ status: string; count: number }>;
  audit: { events: number; last: string | null };
  /** The newest completed sweep, and the newest of any status when it is another one (still running, failed). */
  retention: { lastCompleted: Sweep | null; newest: Sweep | null };
}

export interface Sweep {
  id: string;
  status: string;
  runKey: string | null;
  receivedAt: string;
  completedAt: string | null;
}

/** The statuses of a request still open (subgraphs/requests/request.enums.ts: OPEN_STATUSES). */
const OPEN = ['RECEIVED', 'IN_PROGRESS', 'FAILED', 'AWAITING_REVIEW', 'UNDER_EXAMINATION'];

/** The stored format of a datetime(3), in UTC, as both databases compare it. */
function stored(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 23);
}

const count = (r: Row, column = 'n'): number => Number(r[column]);
/** A column as text: the drivers give strings and numbers (dates as strings: `dateStrings`, SQLite's text). */
const text = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : null;

function sweep(r: Row | undefined): Sweep | null {
  if (!r) return null;
  return {
    id: text(r.id) ?? '?',
    status: text(r.status) ?? '?',
    runKey: text(r.run_key),
    receivedAt: text(r.received_at) ?? '?',
    completedAt: text(r.completed_at),
  };
}

export async function ledgerReport(db: ReadOnlyDb, now: Date): Promise<LedgerReport> {
  const marks = OPEN.map(() => '?').join(', ');
  const requests = await db.query(
    'SELECT type, status, COUNT(*) AS n FROM rights_request GROUP BY type, status ORDER BY type, status',
  );
  const [overdue] = await db.query(
    `SELECT COUNT(*) AS n FROM rights_request WHERE status IN (${marks}) AND due_at < ?`,
    [...OPEN, stored(now)],
  );
  const legs = await db.query(
    "SELECT subgraph, status, COUNT(*) AS n FROM request_leg WHERE status IN ('PENDING', 'FAILED') GROUP BY subgraph, status ORDER BY subgraph, status",
  );
  const outbox = await db.query('SELECT status, COUNT(*) AS n FROM outbox_message GROUP BY status ORDER BY status');
  const [audit] = await db.query('SELECT COUNT(*) AS n, MAX(at) AS last FROM audit_event');
  const columns = 'id, status, run_key, received_at, completed_at';
  const [lastCompleted] = await db.query(
    `SELECT ${columns} FROM rights_request WHERE type = 'RETENTION' AND status = 'COMPLETED' ORDER BY completed_at DESC LIMIT 1`,
  );
  const [newest] = await db.query(
    `SELECT ${columns} FROM rights_request WHERE type = 'RETENTION' ORDER BY received_at DESC LIMIT 1`,
  );
  return {
    requests: requests.map((r) => ({ type: String(r.type), status: String(r.status), count: count(r) })),
    overdue: count(overdue),
    legs: legs.map((r) => ({ subgraph: String(r.subgraph), status: String(r.status), count: count(r) })),
    outbox: outbox.map((r) => ({ status: String(r.status), count: count(r) })),
    audit: { events: count(audit), last: text(audit.last) },
    retention: { lastCompleted: sweep(lastCompleted), newest: sweep(newest) },
  };
}
