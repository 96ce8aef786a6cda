/**
 * The ledger's gauges (common/metrics.ts), read at scrape time by a few grouped counts: requests
 * by type and status, legs waiting or given up, what is overdue or due within 3 days, the last
 * sweep, the outbox. Counts and ages only: no subject, no address, no request id.
 */
import type { DataSource } from 'typeorm';
import { ledgerGauges as g, refreshGaugesWith } from '../../common/metrics';
import { uncounted } from '../../common/sql-counter';
import { OPEN_STATUSES } from './ledger/request.enums';

const DAY_MS = 24 * 3600 * 1000;
const DUE_SOON_MS = 3 * DAY_MS;

/** The stored format of a datetime(3), in UTC, as both databases compare it. */
function stored(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 23);
}

/** A datetime column as read back: a Date (MySQL) or the stored text (SQLite); null when none. */
function instant(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && value) return new Date(`${value.replace(' ', 'T')}Z`);
  return null;
}

type Row = Record<string, unknown>;

export async function readLedgerGauges(ds: DataSource, now: Date): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => ds.query<Row[]>(sql, params);
  const open = OPEN_STATUSES.map(() => '?').join(', ');
  const [requests, legs, deadlines, oldestLeg, sweep, outbox, queued] = await Promise.all([
    q('SELECT type, status, COUNT(*) AS n FROM rights_request GROUP BY type, status'),
    q(
      "SELECT subgraph, status, COUNT(*) AS n, MAX(attempts) AS most FROM request_leg WHERE status IN ('PENDING', 'FAILED') GROUP BY subgraph, status",
    ),
    q(
      `SELECT SUM(CASE WHEN due_at < ? THEN 1 ELSE 0 END) AS overdue, SUM(CASE WHEN due_at >= ? AND due_at < ? THEN 1 ELSE 0 END) AS soon, SUM(CASE WHEN due_at >= ? AND due_at < ? THEN 1 ELSE 0 END) AS tomorrow FROM rights_request WHERE status IN (${open})`,
      [
        stored(now),
        stored(now),
        stored(new Date(now.getTime() + DUE_SOON_MS)),
        stored(now),
        stored(new Date(now.getTime() + DAY_MS)),
        ...OPEN_STATUSES,
      ],
    ),
    q(
      "SELECT MIN(r.received_at) AS oldest FROM request_leg l JOIN rights_request r ON r.id = l.request_id WHERE l.status = 'PENDING'",
    ),
    q("SELECT MAX(completed_at) AS last FROM rights_request WHERE type = 'RETENTION' AND status = 'COMPLETED'"),
    q('SELECT status, COUNT(*) AS n FROM outbox_message GROUP BY status'),
    q("SELECT MIN(created_at) AS oldest FROM outbox_message WHERE status = 'PENDING'"),
  ]);
  g.requests.reset();
  for (const r of requests) g.requests.set({ type: String(r.type), status: String(r.status) }, Number(r.n));
  g.legs.reset();
  g.legMaxAttempts.reset();
  for (const r of legs) {
    g.legs.set({ subgraph: String(r.subgraph), status: String(r.status) }, Number(r.n));
    if (r.status === 'PENDING') g.legMaxAttempts.set({ subgraph: String(r.subgraph) }, Number(r.most));
  }
  g.overdue.set(Number(deadlines[0]?.overdue ?? 0));
  g.dueSoon.set(Number(deadlines[0]?.soon ?? 0));
  g.dueTomorrow.set(Number(deadlines[0]?.tomorrow ?? 0));
  const age = (row: Row | undefined): number => {
    const at = instant(row?.oldest);
    return at ? Math.max(0, (now.getTime() - at.getTime()) / 1000) : 0;
  };
  g.oldestPendingLeg.set(age(oldestLeg[0]));
  const last = instant(sweep[0]?.last);
  g.lastSweep.set(last ? last.getTime() / 1000 : 0);
  g.outbox.reset();
  for (const status of ['PENDING', 'SENT', 'FAILED']) g.outbox.set({ status }, 0);
  for (const r of outbox) g.outbox.set({ status: String(r.status) }, Number(r.n));
  g.oldestQueued.set(age(queued[0]));
}

/** From now on, a scrape of this process reads the gauges from `ds` (the wall clock's now). */
export function ledgerGaugesFrom(ds: DataSource): void {
  refreshGaugesWith(() => uncounted(() => readLedgerGauges(ds, new Date())));
}
