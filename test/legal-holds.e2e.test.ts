import { randomUUID } from 'node:crypto';
import { FEATURED_INDEX } from '../common/demo/plan';
import { demoId } from '../common/demo/random';
import { POLICIES } from '../policies';
import {
  entityOf,
  exportOf,
  heldRequest,
  placeHold,
  releaseHold,
  withoutRequests,
  type Hold,
  type Retained,
} from './helpers/holds';
import { lines, sweepAndWait } from './helpers/retention';
import { snapshot } from './helpers/snapshot';
import { rights } from './helpers/rights';
import { startStack, type Stack } from './helpers/stack';

/** Written by the mail delivery running beside the test (and its audit rows): not what the test changes. */
const BACKGROUND = ['outbox_message', 'audit_event'];

const REASON = 'Prud’hommes claim no. 24/0117: evidence to keep';

const heldBy = (hold: Hold, id: string): Retained => ({
  id,
  ground: 'ART_17_3_E',
  until: null,
  untilEvent: 'HOLD_RELEASED',
  holdId: hold.id,
  reason: REASON,
});

async function place(stack: Stack, input: Record<string, unknown>): Promise<Hold> {
  const res = await placeHold(stack, { reason: REASON, ...input });
  expect(res.errors).toBeUndefined();
  return res.data!.hold;
}

async function erase(stack: Stack, subjectId: string): Promise<string> {
  const res = await rights(stack, 'eraseSubject', { subjectId, reason: 'Art. 17(1)(a)' });
  expect(res.errors).toBeUndefined();
  expect(res.request?.status).toBe('COMPLETED');
  return res.request!.id;
}

async function release(stack: Stack, hold: Hold) {
  const res = await releaseHold(stack, hold.id, 'Claim settled by judgment of 2026-11-20');
  expect(res.errors).toBeUndefined();
  const released = res.data!.hold;
  expect(released).toMatchObject({ id: hold.id, releasedBy: 'test-dpo', releaseReason: expect.any(String) });
  return heldRequest(stack, released.releaseRequestId!);
}

/**
 * Legal holds (issue 11) through the real stack: the population is laid out eleven years back,
 * so that a sweep as of today is past every period of its records.
 */
describe('legal holds', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12, policy: POLICIES.ophelantyra, seedNow: new Date('2015-06-01T00:00:00Z') });
  });
  afterAll(() => stack.stop());

  it('O18 V14: a hold placed before an erasure keeps exactly its records and the receipt names it; released, they are deleted with a receipt and the export shows nothing of them', async () => {
    const id = demoId('subject', FEATURED_INDEX.fiftyEach);
    const before = await exportOf(stack, id);
    const tickets = before.supportTickets.filter((t) => !t.disputed);
    expect(tickets.length).toBeGreaterThan(1);
    expect(before.mentoringSessions.length).toBeGreaterThan(1);
    const [ticket] = tickets;
    const [session] = before.mentoringSessions;

    const hold = await place(stack, { subjectId: id, scope: { recordIds: [ticket.id, session.id] } });
    expect(hold).toMatchObject({ subjectId: id, scope: 'RECORDS', recordIds: [ticket.id, session.id], reason: REASON });
    const placed = await heldRequest(stack, hold.placeRequestId);
    expect(placed).toMatchObject({ type: 'LEGAL_HOLD', status: 'COMPLETED', subjectId: id });
    // Only the subgraphs that hold the named records are asked.
    expect(placed.legs.map((l) => l.subgraph)).toEqual(['sessions', 'support']);
    expect(entityOf(placed, 'support', 'SupportTicket')?.retained).toEqual([heldBy(hold, ticket.id)]);
    expect(entityOf(placed, 'support', 'SupportMessage')?.retained).toEqual(
      ticket.messages.map((m) => heldBy(hold, m.id)).sort((a, b) => a.id.localeCompare(b.id)),
    );

    const erasureId = await erase(stack, id);
    const erasure = await heldRequest(stack, erasureId);
    expect(entityOf(erasure, 'support', 'SupportTicket')).toMatchObject({
      deleted: tickets.length - 1,
      retained: [heldBy(hold, ticket.id)],
    });
    expect(entityOf(erasure, 'sessions', 'MentoringSession')).toMatchObject({
      deleted: before.mentoringSessions.length - 1,
      retained: [heldBy(hold, session.id)],
    });

    const after = await exportOf(stack, id);
    expect(after.status).toBe('ERASED');
    expect(after.fullName).toBeNull();
    expect(after.supportTickets.filter((t) => !t.disputed).map((t) => t.id)).toEqual([ticket.id]);
    expect(after.mentoringSessions.map((s) => s.id)).toEqual([session.id]);

    const released = await release(stack, hold);
    expect(released).toMatchObject({ type: 'HOLD_RELEASE', status: 'COMPLETED', subjectId: id });
    expect(released.legs.map((l) => [l.subgraph, l.status, l.receipt?.operation, l.receipt?.carriesOut])).toEqual([
      ['sessions', 'DONE', 'release', [erasureId]],
      ['support', 'DONE', 'release', [erasureId]],
    ]);
    expect(entityOf(released, 'support', 'LegalHold')?.updated).toBe(1);
    expect(entityOf(released, 'support', 'SupportTicket')).toMatchObject({ deleted: 1 });
    expect(entityOf(released, 'support', 'SupportMessage')).toMatchObject({ deleted: ticket.messages.length });
    expect(entityOf(released, 'sessions', 'MentoringSession')).toMatchObject({ deleted: 1, retained: [] });

    const final = await exportOf(stack, id);
    expect(final.supportTickets.filter((t) => !t.disputed)).toEqual([]);
    expect(final.mentoringSessions).toEqual([]);
    expect(final.status).toBe('ERASED');
  });

  it('O18: a complaint under dispute is reported as a hold of its ticket', async () => {
    const id = demoId('subject', FEATURED_INDEX.disputedComplaint);
    const disputed = (await exportOf(stack, id)).supportTickets.filter((t) => t.disputed);
    expect(disputed.length).toBe(1);
    const erasure = await heldRequest(stack, await erase(stack, id));
    expect(entityOf(erasure, 'support', 'SupportTicket')?.retained).toEqual([
      {
        id: disputed[0].id,
        ground: 'ART_17_3_E',
        until: null,
        untilEvent: 'DISPUTE_RESOLVED',
        holdId: `dispute:${disputed[0].id}`,
        reason: 'Complaint under dispute, kept until resolved (Art. 17(3)(e))',
      },
    ]);
  });

  it('O18 V14: a hold of the whole subject keeps everything through the erasure; its release erases what the erasure deferred', async () => {
    const id = demoId('subject', 11);
    const before = await exportOf(stack, id);
    const hold = await place(stack, { subjectId: id });
    expect(hold).toMatchObject({ scope: 'SUBJECT', subgraph: null, recordIds: null });
    const placed = await heldRequest(stack, hold.placeRequestId);
    expect(placed.legs.map((l) => l.subgraph)).toEqual(['profile', 'sessions', 'billing', 'support']);

    const erasureId = await erase(stack, id);
    const erasure = await heldRequest(stack, erasureId);
    expect(entityOf(erasure, 'profile', 'DataSubject')).toMatchObject({ anonymised: 0, retained: [heldBy(hold, id)] });
    const after = await exportOf(stack, id);
    // ERASED: the erasure happened; everything it would have removed waits for the hold.
    expect(withoutRequests(after)).toEqual({
      ...withoutRequests(before),
      status: 'ERASED',
      erasedAt: expect.any(String),
      erasureRequestId: erasureId,
      processingRestrictions: [],
    });

    const released = await release(stack, hold);
    expect(released.legs.every((l) => l.receipt?.carriesOut.join() === erasureId)).toBe(true);
    expect(entityOf(released, 'profile', 'DataSubject')).toMatchObject({ anonymised: 1, retained: [] });
    const final = await exportOf(stack, id);
    expect(final).toMatchObject({ status: 'ERASED', fullName: null, email: null, phone: null });
    expect(final.mentoringSessions).toEqual([]);
    expect(final.connectionLogs).toEqual([]);
    expect(final.supportTickets.filter((t) => !t.disputed)).toEqual([]);
  });

  it('O18 V14: a whole-subject hold over hundreds of records, then the erasure: every leg completes and the receipt lists each record kept', async () => {
    // 300 connection logs: the receipts list each kept record with its hold and reason, past the
    // 64 KiB a MySQL TEXT column holds (the sessions leg failed with "Data too long" before).
    const id = demoId('subject', FEATURED_INDEX.manyConnectionLogs);
    const before = await exportOf(stack, id);
    expect(before.connectionLogs.length).toBeGreaterThanOrEqual(300);
    const hold = await place(stack, { subjectId: id });
    const placed = await heldRequest(stack, hold.placeRequestId);
    expect(placed.legs.map((l) => [l.subgraph, l.status])).toEqual(
      ['profile', 'sessions', 'billing', 'support'].map((s) => [s, 'DONE']),
    );
    const erasure = await heldRequest(stack, await erase(stack, id));
    const logs = entityOf(erasure, 'sessions', 'ConnectionLog');
    expect(logs?.retained.map((r) => r.id).sort()).toEqual(before.connectionLogs.map((l) => l.id).sort());
    expect(logs?.retained.every((r) => r.holdId === hold.id && r.reason === REASON)).toBe(true);
  });

  it('O18 V14: a sweep past every period keeps what holds cover (an erased subject’s invoices, a live subject’s sessions) and names the holds; released, the next sweep applies the policy', async () => {
    const id = demoId('subject', 10);
    const erasureId = await erase(stack, id);
    const kept = await exportOf(stack, id);
    expect(kept.invoices.length).toBeGreaterThan(0);
    const liveId = demoId('subject', FEATURED_INDEX.oneEach);
    const live = await exportOf(stack, liveId);
    expect(live.mentoringSessions.length).toBeGreaterThan(0);

    // Decision 84: an erased subject may be held while something of theirs is still kept.
    const hold = await place(stack, { subjectId: id, scope: { subgraph: 'billing' } });
    expect(hold).toMatchObject({ scope: 'SUBGRAPH', subgraph: 'billing' });
    const placed = await heldRequest(stack, hold.placeRequestId);
    expect(placed.legs.map((l) => l.subgraph)).toEqual(['billing']);
    expect(entityOf(placed, 'billing', 'Invoice')?.retained).toEqual(
      kept.invoices.map((i) => heldBy(hold, i.id)).sort((a, b) => a.id.localeCompare(b.id)),
    );
    const liveHold = await place(stack, { subjectId: liveId, scope: { subgraph: 'sessions' } });
    await heldRequest(stack, liveHold.placeRequestId);

    // Eleven years on, every record is past its period: the sweep keeps the held ones and names the holds.
    const run = await sweepAndWait(stack, null);
    const invoices = lines(run).find((l) => l.subgraph === 'billing' && l.entity === 'Invoice');
    expect(invoices).toMatchObject({ keptGround: 'ART_17_3_E', keptUntilEvent: 'HOLD_RELEASED' });
    expect(invoices?.kept).toBeGreaterThanOrEqual(kept.invoices.length);
    expect(invoices?.keptHolds).toContain(hold.id);
    const sessions = lines(run).find((l) => l.subgraph === 'sessions' && l.entity === 'MentoringSession');
    expect(sessions?.keptHolds).toEqual([liveHold.id]);
    expect(sessions?.kept).toBe(live.mentoringSessions.length);
    expect((await exportOf(stack, id)).invoices).toEqual(kept.invoices);
    expect((await exportOf(stack, liveId)).mentoringSessions).toEqual(live.mentoringSessions);

    const released = await release(stack, hold);
    expect(released.legs.map((l) => [l.subgraph, l.receipt?.carriesOut])).toEqual([['billing', [erasureId]]]);
    // Not erased: nothing was deferred, the release only lifts the hold.
    const liveReleased = await release(stack, liveHold);
    expect(liveReleased.legs.map((l) => [l.subgraph, l.receipt?.carriesOut])).toEqual([['sessions', []]]);
    await sweepAndWait(stack, null);
    const final = await exportOf(stack, id);
    expect(final.invoices).toEqual([]);
    expect(final.payments).toEqual([]);
    expect(final.billingAccount).toBeNull();
    // Six months without activity: the sessions lose who they were about.
    expect((await exportOf(stack, liveId)).mentoringSessions).toEqual([]);
  });

  it('bad input changes nothing and says why', async () => {
    const live = demoId('subject', 1);
    const other = await exportOf(stack, demoId('subject', 2));
    const erasedNothingKept = demoId('subject', 10); // erased, its invoices swept above
    const mine = await place(stack, { subjectId: demoId('subject', 6) });
    await heldRequest(stack, mine.placeRequestId);
    await release(stack, mine);
    const before = await snapshot(stack, BACKGROUND);

    const codeOf = (res: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
      res.errors?.[0]?.extensions?.code;
    const cases: Array<[string, Promise<{ errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }>]> = [
      ['NOT_FOUND', placeHold(stack, { subjectId: randomUUID(), reason: REASON })],
      ['BAD_USER_INPUT', placeHold(stack, { subjectId: 'not-an-id', reason: REASON })],
      ['BAD_USER_INPUT', placeHold(stack, { subjectId: live, reason: '   ' })],
      ['BAD_USER_INPUT', placeHold(stack, { subjectId: live, reason: REASON, scope: { subgraph: 'requests' } })],
      ['BAD_USER_INPUT', placeHold(stack, { subjectId: live, reason: REASON, scope: { recordIds: [] } })],
      [
        'BAD_USER_INPUT',
        placeHold(stack, { subjectId: live, reason: REASON, scope: { recordIds: [other.supportTickets[0].id] } }),
      ],
      ['SUBJECT_ERASED', placeHold(stack, { subjectId: erasedNothingKept, reason: REASON })],
      ['FORBIDDEN', placeHold(stack, { subjectId: live, reason: REASON }, { role: 'support' })],
      ['FORBIDDEN', placeHold(stack, { subjectId: live, reason: REASON }, { role: 'subject', subjectId: live })],
      ['HOLD_RELEASED', releaseHold(stack, mine.id, 'again')],
      ['NOT_FOUND', releaseHold(stack, randomUUID(), 'no such hold')],
      ['BAD_USER_INPUT', releaseHold(stack, 'dispute:x', 'not a hold id')],
      ['BAD_USER_INPUT', releaseHold(stack, mine.id, '')],
    ];
    for (const [code, call] of cases) {
      const res = await call;
      expect([code, codeOf(res)]).toEqual([code, code]);
      expect(res.errors?.[0]).toHaveProperty('message', expect.stringMatching(/\w/));
      expect(JSON.stringify(res.errors)).not.toContain(other.supportTickets[0].id);
    }
    expect(await snapshot(stack, BACKGROUND)).toEqual(before);
  });
});
