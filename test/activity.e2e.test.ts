import { FEATURED_INDEX } from '../common/demo/plan';
import { demoId } from '../common/demo/random';
import { subtractDuration } from '../common/duration';
import { POLICIES } from '../policies';
import { ageSessionsActivity, outboxSettled, today } from './helpers/lifecycle';
import { sweepAndWait } from './helpers/retention';
import { rights } from './helpers/rights';
import { db } from './helpers/snapshot';
import { startStack, type Stack } from './helpers/stack';

const sql = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
const frDay = (d: Date) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(d);

async function warned(stack: Stack): Promise<string[]> {
  const res = await stack.query<{ w: Array<{ subjectId: string }> }>('{ w: inactivityWarnings { subjectId } }');
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.w.map((w) => w.subjectId);
}

/** The sign-in profile records for a subject. */
const setLogin = (stack: Stack, id: string, at: Date) =>
  db(stack, 'profile').query('UPDATE subject SET last_login_at = ? WHERE id = ?', [sql(at), id]);

describe('activity as the policy reads it (veloraqenvi): a sign-in or any connection the services record', () => {
  let stack: Stack;
  const now = new Date();
  const months = (n: number) => subtractDuration(now, `P${n}M`);
  const connected = demoId('subject', 6); // no sign-in for 40 months, a visit 35 months ago
  const asked = demoId('subject', 7); // no sign-in for 40 months, a request of their own this week
  const silent = demoId('subject', 2); // neither for 37 months
  const demoInactive = demoId('subject', FEATURED_INDEX.inactive37Months);
  beforeAll(async () => {
    stack = await startStack({ subjects: 12, policy: POLICIES.veloraqenvi });
    await ageSessionsActivity(stack, [connected, asked, silent], months(41));
    await setLogin(stack, connected, months(40));
    await setLogin(stack, asked, months(40));
    await setLogin(stack, silent, months(37));
    // One visit in the connection logs, 35 months ago.
    await db(stack, 'sessions').query(
      'UPDATE connection_log SET started_at = ? WHERE id = (SELECT id FROM (SELECT MIN(id) AS id FROM connection_log WHERE subject_id = ?) x)',
      [sql(months(35)), connected],
    );
    const own = await rights(
      stack,
      'restrictProcessing',
      { subjectId: asked, scope: 'MARKETING', reason: 'Art. 18(1)(a)' },
      { role: 'subject', subjectId: asked },
    );
    expect(own.errors).toBeUndefined();
  });
  afterAll(() => stack.stop());

  it('V18: a connection 35 months ago keeps an account unsigned-in for 40 from the warning; 37 months of neither is warned', async () => {
    await sweepAndWait(stack, today());
    const list = await warned(stack);
    expect(list).toContain(silent);
    expect(list).not.toContain(connected);
    // A request of their own is a connection too.
    expect(list).not.toContain(asked);
    // The demo's inactive account did nothing anywhere after its last sign-in: warned, as the data says.
    expect(list).toContain(demoInactive);

    // The warning names the last activity the sweep counted: the sign-in 37 months ago.
    await outboxSettled(stack);
    const [mail] = await db(stack, 'requests').query<Array<{ body: string }>>(
      "SELECT body FROM outbox_message WHERE subject_id = ? AND kind = 'INACTIVITY_WARNING'",
      [silent],
    );
    expect(mail.body).toContain(`n'a pas été utilisé depuis le ${frDay(months(37))}`);
  });

  it('V18: the demo data agrees with the definition: no connection after the last activity of an inactive account', async () => {
    const [profile] = await db(stack, 'profile').query<Array<{ last_login_at: Date | string }>>(
      'SELECT last_login_at FROM subject WHERE id = ?',
      [demoInactive],
    );
    const login = new Date(
      String(
        profile.last_login_at instanceof Date ? profile.last_login_at.toISOString() : `${profile.last_login_at}Z`,
      ).replace(' ', 'T'),
    );
    const [visits] = await db(stack, 'sessions').query<Array<{ n: number | string }>>(
      'SELECT COUNT(*) AS n FROM connection_log WHERE subject_id = ? AND started_at > ?',
      [demoInactive, sql(login)],
    );
    expect(Number(visits.n)).toBe(0);
  });
});
