import { demoId } from '../common/demo/random';
import { POLICIES } from '../policies';
import { daysBefore, ledgerOf, outboxSettled, subjectStatus, today } from './helpers/lifecycle';
import { sweepAndWait } from './helpers/retention';
import { db, snapshot } from './helpers/snapshot';
import { rights, waitForStatus } from './helpers/rights';
import { startStack, type Stack } from './helpers/stack';

const PURPOSES = ['MARKETING', 'EMPLOYER_REPORTING', 'RESEARCH', 'ANALYTICS', 'PERSONALISED_RECOMMENDATIONS'];

/** Every processing list, as the processing reads it. */
async function lists(stack: Stack): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const purpose of PURPOSES) {
    const res = await stack.query<{ a: string[] }>(
      'query($p: ConsentPurpose!) { a: processingAudience(purpose: $p, limit: 1000) }',
      { p: purpose },
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    out[purpose] = res.data!.a;
  }
  return out;
}
const onAnyList = (all: Record<string, string[]>, id: string) => Object.values(all).some((ids) => ids.includes(id));

async function setBirthDate(stack: Stack, id: string, date: string): Promise<void> {
  await db(stack, 'profile').query('UPDATE subject SET birth_date = ? WHERE id = ?', [date, id]);
}

/** The erasure the lifecycle submitted, completed. */
async function erasureOf(stack: Stack, id: string) {
  const erasure = (await ledgerOf(stack, id)).find((r) => r.type === 'ERASURE');
  expect(erasure?.submitted_by).toBe('lifecycle');
  return waitForStatus(stack, erasure!.id, ['COMPLETED']);
}

const plus = (date: string, days: number) => daysBefore(date, 'P0D', days);

describe('minors under ophelantyra: under 18, deleted when discovered', () => {
  let stack: Stack;
  const minor = demoId('subject', 3); // 15 in the demo population
  const eighteenTomorrow = demoId('subject', 6);
  const eighteenToday = demoId('subject', 7);
  const eighteenYesterday = demoId('subject', 8);
  beforeAll(async () => {
    stack = await startStack({ subjects: 12, policy: POLICIES.ophelantyra });
  });
  afterAll(() => stack.stop());

  it('O22: a minor is out of every processing list, an adult of the day is not', async () => {
    const before = await lists(stack);
    const now = today();
    await setBirthDate(stack, eighteenTomorrow, daysBefore(now, 'P18Y', 1));
    await setBirthDate(stack, eighteenToday, daysBefore(now, 'P18Y'));
    await setBirthDate(stack, eighteenYesterday, daysBefore(now, 'P18Y', -1));
    const after = await lists(stack);
    expect(onAnyList(after, minor)).toBe(false);
    expect(onAnyList(after, eighteenTomorrow)).toBe(false);
    expect(onAnyList(before, eighteenTomorrow)).toBe(true);
    for (const id of [eighteenToday, eighteenYesterday])
      for (const purpose of PURPOSES) expect(after[purpose].includes(id)).toBe(before[purpose].includes(id));
  });

  it('O22: the next sweep erases every minor through the ordinary erasure; adults stay', async () => {
    await sweepAndWait(stack, null);
    for (const id of [minor, eighteenTomorrow]) {
      await erasureOf(stack, id);
      expect(await subjectStatus(stack, id)).toBe('ERASED');
      const [left] = await db(stack, 'sessions').query<Array<{ n: number | string }>>(
        'SELECT COUNT(*) AS n FROM mentoring_session WHERE subject_id = ?',
        [id],
      );
      expect(Number(left.n)).toBe(0);
    }
    for (const id of [eighteenToday, eighteenYesterday]) {
      expect(await subjectStatus(stack, id)).toBe('ACTIVE');
      expect(await ledgerOf(stack, id)).toEqual([]);
    }
  });
});

describe('minors under veloraqenvi: under 16, parental consent or deletion', () => {
  let stack: Stack;
  const minor = demoId('subject', 3); // 15: no consent will come
  const consented = demoId('subject', 6); // made 14: a parent consents
  const adult = demoId('subject', 7);
  const contactedOn = daysBefore(today(), 'P40D');
  beforeAll(async () => {
    stack = await startStack({ subjects: 12, policy: POLICIES.veloraqenvi });
    await setBirthDate(stack, consented, daysBefore(today(), 'P14Y'));
  });
  afterAll(() => stack.stop());

  it('V24: minors are out of every list; their legal representatives are asked, by mail, for consent', async () => {
    const all = await lists(stack);
    expect(onAnyList(all, minor)).toBe(false);
    expect(onAnyList(all, consented)).toBe(false);
    await sweepAndWait(stack, contactedOn);
    for (const id of [minor, consented]) {
      const [contact] = await ledgerOf(stack, id);
      expect(contact).toMatchObject({ type: 'MINOR', status: 'RECEIVED', submitted_by: 'lifecycle' });
      const mails = await db(stack, 'requests').query<Array<{ kind: string; request_id: string }>>(
        'SELECT kind, request_id FROM outbox_message WHERE subject_id = ?',
        [id],
      );
      expect(mails).toEqual([{ kind: 'GUARDIAN_CONTACT', request_id: contact.id }]);
    }
    expect(await ledgerOf(stack, adult)).toEqual([]);
  });

  it('V24: a recorded parental consent keeps the account; without one it is erased after the delay', async () => {
    const res = await rights(stack, 'recordParentalConsent', {
      subjectId: consented,
      guardianName: 'Claire Martin (mère)',
      givenOn: plus(contactedOn, 5),
      evidenceRef: 'formulaire signé n° 2026-118',
    });
    expect(res.errors).toBeUndefined();
    expect(res.request).toMatchObject({ type: 'PARENTAL_CONSENT', status: 'COMPLETED', subjectId: consented });

    await sweepAndWait(stack, plus(contactedOn, 29));
    expect(await subjectStatus(stack, minor)).not.toBe('ERASED');
    expect((await ledgerOf(stack, minor)).map((r) => r.type)).toEqual(['MINOR']);

    await sweepAndWait(stack, plus(contactedOn, 30));
    await erasureOf(stack, minor);
    expect(await subjectStatus(stack, minor)).toBe('ERASED');
    expect((await ledgerOf(stack, minor)).map((r) => [r.type, r.status])).toEqual([
      ['MINOR', 'COMPLETED'],
      ['ERASURE', 'COMPLETED'],
    ]);
    // With consent: kept, still out of the processing lists.
    expect(await subjectStatus(stack, consented)).toBe('ACTIVE');
    expect((await ledgerOf(stack, consented)).map((r) => [r.type, r.status])).toEqual([
      ['MINOR', 'REJECTED'],
      ['PARENTAL_CONSENT', 'COMPLETED'],
    ]);
    expect(onAnyList(await lists(stack), consented)).toBe(false);
  });

  it('bad input changes nothing and says why: a parental consent for an adult, an unknown subject, a date', async () => {
    await outboxSettled(stack);
    const before = await snapshot(stack, ['audit_event', 'access_log', 'audit_anchor']);
    const consent = { guardianName: 'Paul', givenOn: today(), evidenceRef: 'lettre' };
    const codes = async (input: Record<string, unknown>, as?: Parameters<Stack['query']>[2]) =>
      (await rights(stack, 'recordParentalConsent', { ...consent, ...input }, as)).errors?.map(
        (e) => e.extensions?.code,
      );
    expect(await codes({ subjectId: adult })).toEqual(['NOT_A_MINOR']);
    expect(await codes({ subjectId: '7d0b7f0e-0000-4000-8000-000000000000' })).toEqual(['NOT_FOUND']);
    expect(await codes({ subjectId: consented, givenOn: '2999-01-01' })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ subjectId: consented, guardianName: '  ' })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ subjectId: consented }, { role: 'subject', subjectId: consented })).toEqual(['FORBIDDEN']);
    expect(await snapshot(stack, ['audit_event', 'access_log', 'audit_anchor'])).toEqual(before);
  });
});
