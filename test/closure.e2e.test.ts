import { demoId } from '../common/demo/random';
import { POLICIES } from '../policies';
import {
  daysBefore,
  ledgerOf,
  outboxSettled,
  remainingIds,
  retainedIds,
  subjectStatus,
  today,
} from './helpers/lifecycle';
import { sweepAndWait } from './helpers/retention';
import { db, snapshot } from './helpers/snapshot';
import { requestById, rights, waitForStatus, type DsRequest } from './helpers/rights';
import { startStack, type Stack } from './helpers/stack';

const PURPOSES = ['MARKETING', 'EMPLOYER_REPORTING', 'RESEARCH', 'ANALYTICS', 'PERSONALISED_RECOMMENDATIONS'];

/** Every processing list the subject is on. */
async function listsOf(stack: Stack, subjectId: string): Promise<string[]> {
  const on: string[] = [];
  for (const purpose of PURPOSES) {
    const res = await stack.query<{ a: string[] }>(
      'query($p: ConsentPurpose!) { a: processingAudience(purpose: $p, limit: 1000) }',
      {
        p: purpose,
      },
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    if (res.data!.a.includes(subjectId)) on.push(purpose);
  }
  return on;
}

async function close(stack: Stack, subjectId: string, receivedOn?: string): Promise<DsRequest> {
  const res = await rights(stack, 'closeAccount', {
    subjectId,
    reason: 'leaving',
    ...(receivedOn ? { receivedOn } : {}),
  });
  if (!res.request) throw new Error(JSON.stringify(res.errors));
  return waitForStatus(stack, res.request.id, ['COMPLETED']);
}

/** The erasure the lifecycle submitted for the subject, completed. */
async function lifecycleErasure(stack: Stack, subjectId: string): Promise<DsRequest> {
  let erasure: Awaited<ReturnType<typeof ledgerOf>>[number] | undefined;
  for (let i = 0; i < 100 && !erasure; i += 1) {
    erasure = (await ledgerOf(stack, subjectId)).find((r) => r.type === 'ERASURE');
    if (!erasure) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!erasure) throw new Error(`no erasure of ${subjectId}`);
  expect(erasure.submitted_by).toBe('lifecycle');
  return waitForStatus(stack, erasure.id, ['COMPLETED']);
}

describe('closure under ophelantyra: CLOSED at once, erased by the sweep of day 28', () => {
  let stack: Stack;
  const self = demoId('subject', 0);
  const dayBefore = demoId('subject', 6);
  const dayOf = demoId('subject', 4); // the one with a complaint under dispute
  const dayAfter = demoId('subject', 2);
  beforeAll(async () => {
    stack = await startStack({ subjects: 12, policy: POLICIES.ophelantyra });
  });
  afterAll(() => stack.stop());

  it('O16: the account is CLOSED at once, out of every list, its data kept until the erasure is due', async () => {
    const before = await remainingIds(stack, self);
    expect(await listsOf(stack, self)).not.toEqual([]);
    const res = await rights(
      stack,
      'closeAccount',
      { subjectId: self, reason: 'plus besoin' },
      { role: 'subject', subjectId: self },
    );
    expect(res.errors).toBeUndefined();
    const closure = await waitForStatus(stack, res.request!.id, ['COMPLETED']);
    expect(closure.type).toBe('CLOSURE');
    expect(closure.legs.map((l) => [l.subgraph, l.status]).sort()).toEqual([
      ['billing', 'DONE'],
      ['profile', 'DONE'],
      ['sessions', 'DONE'],
      ['support', 'DONE'],
    ]);
    const profile = closure.legs.find((l) => l.subgraph === 'profile')!.receipt!;
    expect(profile.entities).toEqual([expect.objectContaining({ entity: 'DataSubject', updated: 1, deleted: 0 })]);
    expect(await subjectStatus(stack, self)).toBe('CLOSED');
    expect(await listsOf(stack, self)).toEqual([]);
    // Nothing deleted yet, no erasure yet: the policy gives thirty days.
    expect(await remainingIds(stack, self)).toEqual(before);
    expect((await ledgerOf(stack, self)).map((r) => r.type)).toEqual(['CLOSURE']);
    // O26: the subject is told the closure was done, in one message (it completes at once).
    const told = await db(stack, 'requests').query<Array<{ kind: string }>>(
      'SELECT kind FROM outbox_message WHERE request_id = ? ORDER BY created_at, kind',
      [closure.id],
    );
    expect(told.map((m) => m.kind)).toEqual(['REQUEST_COMPLETED']);
  });

  it('O16: the sweep erases a closure of 28 days or more through the ordinary erasure, not one of 27', async () => {
    const now = today();
    const asked = {
      [dayBefore]: daysBefore(now, 'P27D'),
      [dayOf]: daysBefore(now, 'P28D'),
      [dayAfter]: daysBefore(now, 'P29D'),
    };
    const held: Record<string, string[]> = {};
    for (const [id, on] of Object.entries(asked)) {
      held[id] = await remainingIds(stack, id);
      const closure = await close(stack, id, on);
      expect(closure.receivedAt.slice(0, 10)).toBe(on);
      expect(await subjectStatus(stack, id)).toBe('CLOSED');
    }
    await sweepAndWait(stack, null);

    // The day before: untouched, still CLOSED, no erasure.
    expect(await subjectStatus(stack, dayBefore)).toBe('CLOSED');
    expect(await remainingIds(stack, dayBefore)).toEqual(held[dayBefore]);
    expect((await ledgerOf(stack, dayBefore)).map((r) => r.type)).toEqual(['CLOSURE']);
    // Closed today: untouched too.
    expect(await subjectStatus(stack, self)).toBe('CLOSED');

    // The day of and after: an ordinary erasure; exactly what its receipts keep remains.
    for (const id of [dayOf, dayAfter]) {
      const erasure = await lifecycleErasure(stack, id);
      expect(await subjectStatus(stack, id)).toBe('ERASED');
      expect(await remainingIds(stack, id)).toEqual(retainedIds(erasure));
      // Billing 7 years (Art. 17(3)(b)), a dispute until resolved (Art. 17(3)(e)); nothing else.
      for (const leg of erasure.legs)
        for (const e of leg.receipt!.entities)
          for (const r of e.retained) {
            const billing = ['Invoice', 'Payment', 'BillingAccount'].includes(e.entity);
            expect(r.ground).toBe(billing ? 'ART_17_3_B' : 'ART_17_3_E');
            if (!billing) expect(r.untilEvent).toBe('DISPUTE_RESOLVED');
          }
    }
    const disputed = await remainingIds(stack, dayOf);
    expect(disputed.some((id) => id.startsWith('support_ticket:'))).toBe(true);
    expect(disputed.some((id) => id.startsWith('invoice:'))).toBe(true);
    expect(disputed.some((id) => id.startsWith('mentoring_session:'))).toBe(false);

    // A second sweep the same day schedules nothing more: one erasure per closure.
    await sweepAndWait(stack, null);
    for (const id of [dayOf, dayAfter])
      expect((await ledgerOf(stack, id)).map((r) => r.type)).toEqual(['CLOSURE', 'ERASURE']);
    expect((await ledgerOf(stack, dayBefore)).map((r) => r.type)).toEqual(['CLOSURE']);
  });

  it('O39: a programme completed with the account kept open is no closure: the sweep keeps the account ACTIVE and every record of it', async () => {
    // An active subject this describe leaves alone, with an assignment and sessions.
    const candidates = [1, 3, 5, 10, 11].map((i) => demoId('subject', i));
    const found = await stack.query<{
      subjects: Array<{ id: string; status: string; mentorAssignments: unknown[]; mentoringSessions: unknown[] }>;
    }>('query($ids: [ID!]!) { subjects(ids: $ids) { id status mentorAssignments { id } mentoringSessions { id } } }', {
      ids: candidates,
    });
    const completed = found.data!.subjects.find(
      (x) => x.status === 'ACTIVE' && x.mentorAssignments.length > 0 && x.mentoringSessions.length > 0,
    )!.id;
    // The mentoring ends (every assignment over ten days ago); the subject keeps the account.
    await db(stack, 'sessions').query(
      'UPDATE mentor_assignment SET ends_on = ? WHERE subject_id = ? AND (ends_on IS NULL OR ends_on > ?)',
      [daysBefore(today(), 'P10D'), completed, daysBefore(today(), 'P10D')],
    );
    const res = await stack.query<{ subject: { mentorAssignments: Array<{ status: string }> } }>(
      'query($id: ID!) { subject(id: $id) { mentorAssignments { status } } }',
      { id: completed },
    );
    expect(res.data!.subject.mentorAssignments.length).toBeGreaterThan(0);
    expect(res.data!.subject.mentorAssignments.every((a) => a.status === 'ENDED')).toBe(true);
    const held = await remainingIds(stack, completed);
    expect(held.some((id) => id.startsWith('mentoring_session:'))).toBe(true);

    await sweepAndWait(stack, null);
    expect(await subjectStatus(stack, completed)).toBe('ACTIVE');
    expect(await ledgerOf(stack, completed)).toEqual([]);
    expect(await remainingIds(stack, completed)).toEqual(held);
  });

  it('bad input changes nothing and says why: unknown or erased subject, a closure asked twice, a date', async () => {
    const twice = demoId('subject', 7);
    const first = await close(stack, twice);
    const again = await rights(stack, 'closeAccount', { subjectId: twice, reason: 'again' });
    expect(again.errors).toBeUndefined();
    expect(again.request!.id).toBe(first.id);
    expect((await ledgerOf(stack, twice)).map((r) => r.type)).toEqual(['CLOSURE']);

    const erased = demoId('subject', 9);
    const erasure = await rights(stack, 'eraseSubject', { subjectId: erased });
    await waitForStatus(stack, erasure.request!.id, ['COMPLETED']);
    await outboxSettled(stack);

    const before = await snapshot(stack, ['audit_event', 'access_log', 'audit_anchor']);
    const codes = async (input: Record<string, unknown>, as?: Parameters<Stack['query']>[2]) =>
      (await rights(stack, 'closeAccount', input, as)).errors?.map((e) => e.extensions?.code);
    expect(await codes({ subjectId: '7d0b7f0e-0000-4000-8000-000000000000' })).toEqual(['NOT_FOUND']);
    expect(await codes({ subjectId: dayOf })).toEqual(['ALREADY_ERASED']);
    expect(await codes({ subjectId: erased })).toEqual(['ALREADY_ERASED']);
    expect(await codes({ subjectId: 'not-an-id' })).toEqual(['BAD_USER_INPUT']);
    const other = demoId('subject', 8);
    expect(await codes({ subjectId: other }, { role: 'subject', subjectId: self })).toEqual(['FORBIDDEN']);
    expect(await codes({ subjectId: other, receivedOn: '2026-02-30' })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ subjectId: other, receivedOn: '2999-01-01' })).toEqual(['BAD_USER_INPUT']);
    expect(await codes({ subjectId: other, receivedOn: '2026-01-01' }, { role: 'subject', subjectId: other })).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(await snapshot(stack, ['audit_event', 'access_log', 'audit_anchor'])).toEqual(before);
  });
});

describe('closure under veloraqenvi: main data erased at once, support exchanges 24 months more', () => {
  let stack: Stack;
  const self = demoId('subject', 4);
  const dayBefore = demoId('subject', 6);
  const dayOf = demoId('subject', 7);
  const dayAfter = demoId('subject', 2);
  beforeAll(async () => {
    stack = await startStack({ subjects: 12, policy: POLICIES.veloraqenvi });
  });
  afterAll(() => stack.stop());

  it('V19: closed by the subject, the main data is erased at once through an ordinary erasure', async () => {
    const res = await rights(stack, 'closeAccount', { subjectId: self }, { role: 'subject', subjectId: self });
    expect(res.errors).toBeUndefined();
    // The closure answers once its erasure ran: submitted when the closure completed.
    const erasure = await lifecycleErasure(stack, self);
    expect(await subjectStatus(stack, self)).toBe('ERASED');
    expect(await listsOf(stack, self)).toEqual([]);
    const remaining = await remainingIds(stack, self);
    expect(remaining).toEqual(retainedIds(erasure));
    expect(remaining.some((id) => id.startsWith('mentoring_session:') || id.startsWith('connection_log:'))).toBe(false);
    expect(remaining.some((id) => id.startsWith('invoice:'))).toBe(true);
  });

  it('V20: support exchanges are kept 24 months after the closure, then deleted by the sweep', async () => {
    const closure = await requestById(stack, (await ledgerOf(stack, self))[0].id);
    const closedAt = new Date(closure!.receivedAt);
    const erasure = await lifecycleErasure(stack, self);
    const support = erasure.legs.find((l) => l.subgraph === 'support')!.receipt!;
    const tickets = support.entities.find((e) => e.entity === 'SupportTicket')!;
    expect(tickets.deleted).toBe(0);
    expect(tickets.retained.length).toBeGreaterThan(0);
    const until = new Date(closedAt);
    until.setUTCFullYear(until.getUTCFullYear() + 2);
    for (const r of tickets.retained) {
      if (r.untilEvent === 'DISPUTE_RESOLVED') continue;
      expect(r).toEqual(expect.objectContaining({ ground: 'ART_17_3_E', until: until.toISOString() }));
    }

    // Three closures recorded by the dpo as asked 24 months ago, the day before, and the day after.
    const now = today();
    const asked = {
      [dayBefore]: daysBefore(now, 'P24M', 1),
      [dayOf]: daysBefore(now, 'P24M'),
      [dayAfter]: daysBefore(now, 'P24M', -1),
    };
    const erasures: Record<string, DsRequest> = {};
    for (const [id, on] of Object.entries(asked)) {
      await close(stack, id, on);
      erasures[id] = await lifecycleErasure(stack, id);
      expect(await remainingIds(stack, id)).toEqual(retainedIds(erasures[id]));
      expect((await remainingIds(stack, id)).some((r) => r.startsWith('support_ticket:'))).toBe(true);
    }
    await sweepAndWait(stack, null);
    const isSupport = (id: string) => id.startsWith('support_');
    // Closed 24 months ago less a day: every exchange still there.
    expect(await remainingIds(stack, dayBefore)).toEqual(retainedIds(erasures[dayBefore]));
    // Closed 24 months ago or more: the exchanges are gone; accounting (10 years) stays.
    for (const id of [dayOf, dayAfter]) {
      const left = await remainingIds(stack, id);
      expect(left).toEqual(retainedIds(erasures[id]).filter((r) => !isSupport(r)));
      expect(left.some((r) => r.startsWith('invoice:'))).toBe(true);
    }
    // Closed today: archived still.
    expect(await remainingIds(stack, self)).toEqual(retainedIds(erasure));
  });
});
