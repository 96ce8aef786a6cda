import { ACTIVITY as SESSIONS_ACTIVITY } from '../../subgraphs/sessions/sessions.retention.store';
import { SUBGRAPH_NAMES } from '../../common/config';
import { DAY_MS, dateIn, dayStart } from '../../common/calendar-date';
import { subtractDuration } from '../../common/duration';
import { db } from './snapshot';
import type { DsRequest } from './rights';
import type { Stack } from './stack';

/** Tables that record what was done, not the subject's data: left out of what "remains". */
const RECORDS = new Set(['privacy_operation', 'processing_restriction', 'subject']);

/**
 * The ids of every row any data subgraph still holds of the subject (every table with a
 * subject_id, and the messages of their tickets), the profile's subject row aside: what a
 * receipt's `retained` lists must match exactly.
 */
export async function remainingIds(stack: Stack, subjectId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const name of SUBGRAPH_NAMES) {
    if (name === 'requests') continue;
    const ds = db(stack, name);
    for (const meta of ds.entityMetadatas) {
      if (RECORDS.has(meta.tableName)) continue;
      if (!meta.columns.some((c) => c.databaseName === 'subject_id')) continue;
      const key = meta.primaryColumns.length === 1 ? meta.primaryColumns[0].databaseName : null;
      const rows = await ds.query<Array<{ k: string }>>(
        `SELECT ${key ?? "'row'"} AS k FROM ${meta.tableName} WHERE subject_id = ?`,
        [subjectId],
      );
      ids.push(...rows.map((r) => `${meta.tableName}:${r.k}`));
    }
  }
  const messages = await db(stack, 'support').query<Array<{ id: string }>>(
    'SELECT m.id FROM support_message m JOIN support_ticket t ON t.id = m.ticket_id WHERE t.subject_id = ?',
    [subjectId],
  );
  ids.push(...messages.map((m) => `support_message:${m.id}`));
  return ids.sort();
}

/** The table each entity of a receipt is stored in. */
const TABLE_OF: Record<string, string> = {
  SupportTicket: 'support_ticket',
  SupportMessage: 'support_message',
  Invoice: 'invoice',
  Payment: 'payment',
  BillingAccount: 'billing_account',
  Subscription: 'subscription',
};

/** What the receipts of a request say they kept, as `remainingIds` names rows; `keep` filters the records. */
export function retainedIds(
  request: DsRequest,
  keep: (r: { ground: string; until: string | null; untilEvent: string | null }) => boolean = () => true,
): string[] {
  return request.legs
    .flatMap((l) =>
      (l.receipt?.entities ?? []).flatMap((e) =>
        e.retained.filter(keep).map((r) => `${TABLE_OF[e.entity] ?? e.entity}:${r.id}`),
      ),
    )
    .sort();
}

export async function subjectStatus(stack: Stack, subjectId: string): Promise<string | null> {
  const [row] = await db(stack, 'profile').query<Array<{ status: string }>>('SELECT status FROM subject WHERE id = ?', [
    subjectId,
  ]);
  return row?.status ?? null;
}

/** The sweep's "today" (its time zone's date) moved back by a duration, as YYYY-MM-DD. */
export function today(): string {
  return dateIn('Europe/Paris', new Date());
}

export function daysBefore(date: string, duration: string, days = 0): string {
  const d = subtractDuration(dayStart(date), duration);
  return new Date(d.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** Rows of the ledger about the subject, as (type, status, submittedBy), oldest first. */
export async function ledgerOf(
  stack: Stack,
  subjectId: string,
): Promise<Array<{ id: string; type: string; status: string; submitted_by: string }>> {
  return db(stack, 'requests').query(
    'SELECT id, type, status, submitted_by FROM rights_request WHERE subject_id = ? ORDER BY received_at, id',
    [subjectId],
  );
}

/** Waits until the delivery worker has handled every message (it changes the outbox as it sends). */
export async function outboxSettled(stack: Stack): Promise<void> {
  for (let i = 0; i < 150; i += 1) {
    const [pending] = await db(stack, 'requests').query<Array<{ n: number | string }>>(
      "SELECT COUNT(*) AS n FROM outbox_message WHERE status = 'PENDING'",
    );
    if (Number(pending.n) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the outbox still has pending messages');
}

/**
 * Moves every trace of activity these subjects have in sessions (visits, sessions, documents,
 * progress, downloads, evaluations: the tables the activity definition reads) to `at`, so that
 * their last sign-in is what decides (the demo population is active up to the day it is laid out).
 */
export async function ageSessionsActivity(stack: Stack, subjectIds: readonly string[], at: Date): Promise<void> {
  const when = at.toISOString().replace('T', ' ').replace('Z', '');
  const marks = subjectIds.map(() => '?').join(', ');
  for (const [table, column] of SESSIONS_ACTIVITY)
    await db(stack, 'sessions').query(`UPDATE ${table} SET ${column} = ? WHERE subject_id IN (${marks})`, [
      when,
      ...subjectIds,
    ]);
}

/**
 * `count` active accounts (none of `except`) made adults born 40 years before `day`, whose
 * sign-in, creation and every visit are 37 months before it: accounts the inactivity rule warns
 * on `day` (veloraqenvi: 36 months), a hundred per statement. Their ids, in id order.
 */
export async function longInactiveAdults(
  stack: Stack,
  count: number,
  day: string,
  except: readonly string[] = [],
): Promise<string[]> {
  const ids = (
    await db(stack, 'profile').query<Array<{ id: string }>>(
      `SELECT id FROM subject WHERE status = 'ACTIVE'${except.map(() => ' AND id <> ?').join('')} ORDER BY id LIMIT ?`,
      [...except, count],
    )
  ).map((r) => r.id);
  if (ids.length < count) throw new Error(`only ${ids.length} active accounts to make inactive, not ${count}`);
  const at = new Date(Date.parse(`${day}T00:00:00Z`) - 37 * 31 * DAY_MS);
  const when = at.toISOString().replace('T', ' ').replace('Z', '');
  const born = `${Number(day.slice(0, 4)) - 40}${day.slice(4)}`;
  for (let i = 0; i < ids.length; i += 100) {
    const page = ids.slice(i, i + 100);
    await db(stack, 'profile').query(
      `UPDATE subject SET last_login_at = ?, created_at = ?, birth_date = ? WHERE id IN (${page.map(() => '?').join(',')})`,
      [when, when, born, ...page],
    );
    // Activity is any visit the services record, not only a sign-in: their visits as long ago.
    await ageSessionsActivity(stack, page, at);
  }
  return ids;
}
