import { demoId } from '../common/demo/random';
import { subtractDuration } from '../common/duration';
import { POLICIES } from '../policies';
import { ageSessionsActivity, daysBefore, ledgerOf, remainingIds, subjectStatus, today } from './helpers/lifecycle';
import { sweepAndWait } from './helpers/retention';
import { db, snapshot } from './helpers/snapshot';
import { waitForStatus } from './helpers/rights';
import { eventually, TestInbox } from './helpers/smtp';
import { startStack, type Stack } from './helpers/stack';
import { setEnv } from './helpers/env';

const ENV: Record<string, string | undefined> = {
  SMTP_URL: undefined,
  MAIL_WORKER_INTERVAL_MS: '100',
  MAIL_RETRY_BASE_MS: '200',
  MAIL_RETRY_MAX_MS: '1000',
};

interface Warning {
  id: string;
  type: string;
  status: string;
  subjectId: string;
  asOf: string | null;
  dueAt: string;
}

async function warnings(stack: Stack): Promise<Warning[]> {
  const res = await stack.query<{ w: Warning[] }>('{ w: inactivityWarnings { id type status subjectId asOf dueAt } }');
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.w;
}

const RECORD_LOGIN = 'mutation($s: ID!, $at: DateTimeISO) { recordLogin(subjectId: $s, at: $at) }';

/** A day as YYYY-MM-DD, `days` after `date`. */
const plus = (date: string, days: number) => daysBefore(date, 'P0D', days);
const sql = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

describe('inactivity under veloraqenvi: a warning at 36 months, an ordinary erasure 60 days later', () => {
  const inbox = new TestInbox();
  let stack: Stack;
  let restoreEnv: () => void;
  const short = demoId('subject', 6); // a day short of 36 months on the warning day
  const exact = demoId('subject', 7); // exactly 36 months
  const over = demoId('subject', 2); // a day more
  const returning = demoId('subject', 8); // warned, then signs in
  // The warning day, 70 days back: the sweep never runs as of a future day, so the test lives in the past.
  const warnedOn = daysBefore(today(), 'P70D');
  beforeAll(async () => {
    await inbox.start();
    restoreEnv = setEnv({ ...ENV, SMTP_URL: inbox.url });
    stack = await startStack({ subjects: 12, policy: POLICIES.veloraqenvi });
    // Inactive as of a day: the last login before the next day minus 36 months.
    const edge = subtractDuration(new Date(Date.parse(`${plus(warnedOn, 1)}T00:00:00Z`)), 'P36M');
    const at = (hours: number) => sql(new Date(edge.getTime() + hours * 3600_000));
    const logins: Array<[string, string]> = [
      [short, at(12)],
      [exact, at(-12)],
      [over, at(-36)],
      [returning, at(-36)],
    ];
    for (const [id, when] of logins)
      await db(stack, 'profile').query('UPDATE subject SET last_login_at = ? WHERE id = ?', [when, id]);
    // Nothing else done since (a visit would count as activity): the sign-in decides.
    await ageSessionsActivity(stack, [short, exact, over, returning], new Date(edge.getTime() - 48 * 3600_000));
  });
  afterAll(async () => {
    await stack.stop();
    await inbox.stop();
    restoreEnv();
  });

  it('V18: warned at 36 months without a login (not a day before), by mail, listed for the dpo', async () => {
    await sweepAndWait(stack, warnedOn);
    const list = await warnings(stack);
    const warned = list.map((w) => w.subjectId);
    expect(warned).toEqual(expect.arrayContaining([exact, over, returning]));
    expect(warned).not.toContain(short);
    // No one else (the population's own long-inactive account is 36 months inactive only later).
    expect(warned.sort()).toEqual([exact, over, returning].sort());
    for (const w of list) {
      expect(w).toMatchObject({ type: 'INACTIVITY', status: 'RECEIVED', asOf: warnedOn });
      expect(w.dueAt.slice(0, 10)).toBe(plus(warnedOn, 60));
    }
    const [{ email }] = await db(stack, 'profile').query<Array<{ email: string }>>(
      'SELECT email FROM subject WHERE id = ?',
      [exact],
    );
    const mail = await eventually(() => inbox.to(email)[0], `the warning to ${email}`);
    expect(mail.text).toMatch(/2\d{3}/);
    expect(mail.subject).toMatch(/inacti/i);
    // Nothing is erased by a warning.
    for (const id of [exact, over, returning]) expect(await subjectStatus(stack, id)).not.toBe('ERASED');
  });

  it('V18: a login between the warning and the erasure cancels it; without one, erased on day 60, not day 59', async () => {
    const [{ email: exactEmail }] = await db(stack, 'profile').query<Array<{ email: string }>>(
      'SELECT email FROM subject WHERE id = ?',
      [exact],
    );
    const at = new Date(Date.parse(`${plus(warnedOn, 10)}T09:30:00Z`)).toISOString();
    const login = await stack.query<{ recordLogin: string }>(RECORD_LOGIN, { s: returning, at }, { role: 'service' });
    expect(login.errors).toBeUndefined();
    expect(login.data!.recordLogin).toBe(at);

    // Connection logs are anonymised by their own 12-month rule as the sweeps go: the rest must not move.
    const data = async (id: string) => (await remainingIds(stack, id)).filter((r) => !r.startsWith('connection_log:'));
    const held = await data(exact);
    await sweepAndWait(stack, plus(warnedOn, 59));
    // Day 59: no erasure yet.
    for (const id of [exact, over]) {
      expect((await ledgerOf(stack, id)).map((r) => r.type)).toEqual(['INACTIVITY']);
      expect(await subjectStatus(stack, id)).not.toBe('ERASED');
    }
    expect(await data(exact)).toEqual(held);
    // The login cancelled the warning: off the list, with the reason.
    const [cancelled] = await ledgerOf(stack, returning);
    expect(cancelled).toMatchObject({ type: 'INACTIVITY', status: 'REJECTED' });
    const [row] = await db(stack, 'requests').query<Array<{ rejection_reason: string }>>(
      'SELECT rejection_reason FROM rights_request WHERE id = ?',
      [cancelled.id],
    );
    expect(row.rejection_reason).toContain(plus(warnedOn, 10));
    expect((await warnings(stack)).map((w) => w.subjectId)).not.toContain(returning);
    // The account a day short of 36 months on the first sweep is warned now, on its own day.
    expect((await warnings(stack)).find((w) => w.subjectId === short)?.asOf).toBe(plus(warnedOn, 59));

    await sweepAndWait(stack, plus(warnedOn, 60));
    // Day 60: an ordinary erasure for each, submitted by the lifecycle.
    for (const id of [exact, over]) {
      const ledger = await ledgerOf(stack, id);
      expect(ledger.map((r) => [r.type, r.status === 'COMPLETED' ? 'COMPLETED' : 'open'])).toEqual([
        ['INACTIVITY', 'COMPLETED'],
        ['ERASURE', expect.any(String)],
      ]);
      expect(ledger[1].submitted_by).toBe('lifecycle');
      await waitForStatus(stack, ledger[1].id, ['COMPLETED']);
      expect(await subjectStatus(stack, id)).toBe('ERASED');
    }
    // O26, V18: the erasure's message names its cause, the inactivity, with the day of the last activity.
    const told = await eventually(
      () => inbox.to(exactEmail).find((m) => /effacées|erased/.test(m.subject ?? '')),
      'the erasure message',
    );
    // Its last sign-in: 12 hours before the edge of the 36 months (its visits are older still).
    const edge = subtractDuration(new Date(Date.parse(`${plus(warnedOn, 1)}T00:00:00Z`)), 'P36M');
    const lastActivity = new Date(edge.getTime() - 12 * 3600_000);
    const fr = told.headers.get('content-language') === 'fr';
    const lastDay = new Intl.DateTimeFormat(fr ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Paris' });
    expect(told.subject).toBe(fr ? 'Vos données ont été effacées' : 'Your data has been erased');
    expect(told.text).toContain(
      fr
        ? `Votre compte n'a pas été utilisé depuis le ${lastDay.format(lastActivity)}`
        : `Your account had not been used since ${lastDay.format(lastActivity)}`,
    );
    expect(told.text).not.toMatch(/votre demande|your request/);
    expect(await subjectStatus(stack, returning)).toBe('ACTIVE');
    expect(await subjectStatus(stack, short)).not.toBe('ERASED');
    expect((await ledgerOf(stack, returning)).map((r) => r.type)).toEqual(['INACTIVITY']);

    // Day 61: nothing more (one erasure each).
    await sweepAndWait(stack, plus(warnedOn, 61));
    for (const id of [exact, over])
      expect((await ledgerOf(stack, id)).map((r) => r.type)).toEqual(['INACTIVITY', 'ERASURE']);
  });

  it('recordLogin: bad input changes nothing and says why', async () => {
    const before = await snapshot(stack, ['audit_event', 'access_log', 'audit_anchor', 'outbox_message']);
    const codes = async (v: Record<string, unknown>, as?: Parameters<Stack['query']>[2]) =>
      (await stack.query(RECORD_LOGIN, v, as)).errors?.map((e) => e.extensions?.code);
    expect(await codes({ s: '7d0b7f0e-0000-4000-8000-000000000000' }, { role: 'service' })).toEqual(['NOT_FOUND']);
    expect(await codes({ s: exact }, { role: 'service' })).toEqual(['SUBJECT_ERASED']);
    expect(await codes({ s: short, at: '2999-01-01T00:00:00Z' }, { role: 'service' })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ s: short }, { role: 'tech' })).toEqual(['FORBIDDEN']);
    expect(await codes({ s: short }, { role: 'subject', subjectId: returning })).toEqual(['FORBIDDEN']);
    expect(await snapshot(stack, ['audit_event', 'access_log', 'audit_anchor', 'outbox_message'])).toEqual(before);
  });
});
