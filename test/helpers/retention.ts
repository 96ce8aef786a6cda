import { randomUUID } from 'node:crypto';
import { DAY_MS } from '../../common/calendar-date';
import { subtractDuration } from '../../common/duration';
import type { PrivacyPolicy } from '../../policies';
import { appendAudit } from '../../subgraphs/requests/ledger/audit.store';
import { db } from './snapshot';
import type { GraphQLResponse, Stack } from './stack';

export const RULE_FIELDS =
  'rule entity sentence description period cutoff deleted anonymised kept keptGround keptUntilEvent keptHolds subjects';
export const RUN_FIELDS = `id type status subjectId dryRun asOf legs { subgraph status attempts lastError retention { subgraph runId asOf outcome rules { ${RULE_FIELDS} } } }`;

export interface RuleLine {
  rule: string;
  entity: string;
  sentence: string;
  description: string;
  period: string | null;
  cutoff: string | null;
  deleted: number;
  anonymised: number;
  kept: number;
  keptGround: string | null;
  keptUntilEvent: string | null;
  keptHolds: string[];
  subjects: number;
}

export interface Run {
  id: string;
  type: string;
  status: string;
  subjectId: string;
  dryRun: boolean;
  asOf: string | null;
  legs: Array<{
    subgraph: string;
    status: string;
    attempts: number;
    lastError: string | null;
    retention: { subgraph: string; runId: string; asOf: string; outcome: string; rules: RuleLine[] } | null;
  }>;
}

export async function runRetention(
  stack: Pick<Stack, 'query'>,
  asOf: string | null,
  dryRun = false,
  as?: Parameters<Stack['query']>[2],
): Promise<GraphQLResponse<{ r: Run }>> {
  return stack.query<{ r: Run }>(
    `mutation($asOf: String, $dryRun: Boolean) { r: runRetention(asOf: $asOf, dryRun: $dryRun) { ${RUN_FIELDS} } }`,
    { asOf, dryRun },
    as,
  );
}

export async function runById(stack: Pick<Stack, 'query'>, id: string): Promise<Run> {
  const res = await stack.query<{ r: Run }>(`query($id: ID!) { r: dataSubjectRequest(id: $id) { ${RUN_FIELDS} } }`, {
    id,
  });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.r;
}

/** A real sweep as of `asOf` (null: today) that the ledger accepts, waited for until it completes. */
export async function sweepAndWait(stack: Pick<Stack, 'query'>, asOf: string | null): Promise<Run> {
  const res = await runRetention(stack, asOf);
  expect(res.errors).toBeUndefined();
  return waitForRun(stack, res.data!.r.id);
}

export async function waitForRun(stack: Pick<Stack, 'query'>, id: string, statuses = ['COMPLETED'], ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const run = await runById(stack, id);
    if (statuses.includes(run.status)) return run;
    if (Date.now() > until) throw new Error(`run ${id} still ${run.status}: ${JSON.stringify(run.legs)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every rule line of a run, with the subgraph, without what differs between two runs of the same sweep. */
export function lines(run: Run): Array<RuleLine & { subgraph: string }> {
  return run.legs.flatMap((l) => (l.retention?.rules ?? []).map((r) => ({ subgraph: l.subgraph, ...r })));
}

export function line(run: Run, subgraph: string, rule: string, entity: string): RuleLine {
  const found = lines(run).find((l) => l.subgraph === subgraph && l.rule === rule && l.entity === entity);
  if (!found) throw new Error(`no line ${subgraph} ${rule} ${entity} in ${JSON.stringify(lines(run))}`);
  return found;
}

/** The three dates around a rule's boundary: the day before the cutoff, the cutoff, the day after. */
export function around(asOf: Date, period: string): [before: Date, on: Date, after: Date] {
  const cutoff = subtractDuration(asOf, period);
  return [new Date(cutoff.getTime() - DAY_MS), cutoff, new Date(cutoff.getTime() + DAY_MS)];
}

export interface Seeded {
  /** Ids per table: [due the day before, due the day of, not due the day after]. */
  ids: Record<string, [string, string, string]>;
}

/** A datetime as both drivers take it in a raw statement, and as TypeORM writes it. */
const dt = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '');

/**
 * Rows on both sides of every dated rule of `policy` as of `asOf`, written straight into each
 * service's database (the demo population has no record years old).
 */
export async function seedBoundaries(stack: Stack, policy: PrivacyPolicy, asOf: Date): Promise<Seeded> {
  const ids: Seeded['ids'] = {};
  const three = (): [string, string, string] => [randomUUID(), randomUUID(), randomUUID()];
  const subjects = three();

  // billing: accounting
  const acc = around(asOf, policy.retention.accounting.period!);
  ids.invoice = three();
  ids.payment = three();
  for (let i = 0; i < 3; i += 1) {
    await db(stack, 'billing').query(
      'INSERT INTO invoice (id, subject_id, number, issued_at, due_at, amount_cents, currency, status, description) VALUES (?, ?, ?, ?, ?, 1000, ?, ?, ?)',
      [
        ids.invoice[i],
        subjects[i],
        `R-${i}-${ids.invoice[i].slice(0, 8)}`,
        dt(acc[i]),
        '2000-01-01',
        'EUR',
        'PAID',
        'boundary',
      ],
    );
    await db(stack, 'billing').query(
      'INSERT INTO payment (id, subject_id, invoice_id, paid_at, amount_cents, currency, method, provider_payment_ref) VALUES (?, ?, ?, ?, 1000, ?, ?, ?)',
      [ids.payment[i], subjects[i], ids.invoice[i], dt(acc[i]), 'EUR', 'CARD', `pi_${i}`],
    );
  }

  // sessions: session-data (inactivity) and connection-logs
  if (policy.retention['session-data'].period) {
    const s = around(asOf, policy.retention['session-data'].period);
    ids.mentoring_session = three();
    for (let i = 0; i < 3; i += 1)
      await db(stack, 'sessions').query(
        'INSERT INTO mentoring_session (id, subject_id, mentor_id, scheduled_at, duration_minutes, goals, challenges, agreed_actions, notes) VALUES (?, ?, ?, ?, 60, ?, ?, ?, ?)',
        [ids.mentoring_session[i], subjects[i], randomUUID(), dt(s[i]), 'goal', 'challenge', 'action', 'mentor notes'],
      );
  }
  if (policy.retention['connection-logs'].period) {
    const c = around(asOf, policy.retention['connection-logs'].period);
    ids.connection_log = three();
    for (let i = 0; i < 3; i += 1)
      await db(stack, 'sessions').query(
        'INSERT INTO connection_log (id, subject_id, ip, user_agent, language, started_at, duration_seconds, pages) VALUES (?, ?, ?, ?, ?, ?, 30, ?)',
        [ids.connection_log[i], subjects[i], '203.0.113.7', 'Mozilla/5.0 test', 'fr-FR', dt(c[i]), '["/"]'],
      );
  }

  // support: one rule per ticket type
  for (const [type, rule] of Object.entries(policy.supportRetentionByType)) {
    if (!rule?.period) continue;
    const d = around(asOf, rule.period);
    const key = `support_ticket:${type}`;
    ids[key] = three();
    for (let i = 0; i < 3; i += 1) {
      // Every other date of the ticket is recent: only the one the rule counts from is on the boundary.
      const recent = asOf;
      const opened = rule.from === 'collection' ? d[i] : new Date(d[i].getTime() - DAY_MS * 400);
      const resolved = rule.from === 'resolution' ? d[i] : rule.from === 'collection' ? d[i] : null;
      const last = rule.from === 'last-contact' ? d[i] : rule.from === 'collection' ? d[i] : recent;
      await db(stack, 'support').query(
        'INSERT INTO support_ticket (id, subject_id, type, channel, status, title, contact_email, opened_at, resolved_at, last_contact_at, disputed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          ids[key][i],
          subjects[i],
          type,
          'EMAIL',
          'CLOSED',
          'boundary',
          'x@example.org',
          dt(opened),
          resolved === null ? null : dt(resolved),
          dt(last),
          0,
        ],
      );
      await db(stack, 'support').query(
        'INSERT INTO support_message (id, ticket_id, author, sent_at, body) VALUES (?, ?, ?, ?, ?)',
        [randomUUID(), ids[key][i], 'SUBJECT', dt(opened), 'message'],
      );
    }
  }

  // requests: the ledger, the access log, the outbox, the audit log
  const req = around(asOf, policy.retention['rights-requests'].period!);
  ids.rights_request = three();
  for (let i = 0; i < 3; i += 1) {
    await db(stack, 'requests').query(
      "INSERT INTO rights_request (id, type, subject_id, status, details, reason, submitted_by, received_at, initial_due_at, due_at, extended_months, awaiting_confirmation, updated_at) VALUES (?, 'RESTRICTION', ?, 'COMPLETED', '{}', NULL, 'dpo', ?, ?, ?, 0, ?, ?)",
      [ids.rights_request[i], subjects[i], dt(req[i]), dt(req[i]), dt(req[i]), 0, dt(req[i])],
    );
    await db(stack, 'requests').query(
      "INSERT INTO request_leg (request_id, subgraph, status, attempts, next_attempt_at, updated_at) VALUES (?, 'profile', 'DONE', 1, ?, ?)",
      [ids.rights_request[i], dt(req[i]), dt(req[i])],
    );
  }
  const log = around(asOf, policy.records['access-log'].period!);
  ids.access_log = three();
  for (let i = 0; i < 3; i += 1)
    await db(stack, 'requests').query(
      "INSERT INTO access_log (id, at, principal, roles, subject_id, fields, request_id) VALUES (?, ?, 'support-x', 'support', ?, 'email', ?)",
      [ids.access_log[i], dt(log[i]), subjects[i], randomUUID()],
    );
  const out = around(asOf, policy.records.outbox.period!);
  ids.outbox_message = three();
  for (let i = 0; i < 3; i += 1)
    await db(stack, 'requests').query(
      // Sent copies: a message still waiting for the mail server is never pruned.
      'INSERT INTO outbox_message (id, request_id, recipient, kind, language, subject, body, status, attempts, ' +
        "next_attempt_at, created_at) VALUES (?, ?, 'x@example.org', 'EMAIL_CONFIRMATION', 'fr', 's', 'b', 'SENT', 1, ?, ?)",
      [ids.outbox_message[i], randomUUID(), dt(out[i]), dt(out[i])],
    );
  const audit = around(asOf, policy.records['audit-log'].period!);
  await db(stack, 'requests').transaction(async (tx) => {
    for (let i = 0; i < 3; i += 1)
      await appendAudit(tx, audit[i], [{ requestId: null, action: 'BOUNDARY', actor: 'test', detail: { i } }]);
  });
  return { ids };
}
