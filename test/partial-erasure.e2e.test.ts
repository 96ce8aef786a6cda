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
  type HeldRequest,
} from './helpers/holds';
import { snapshot } from './helpers/snapshot';
import { rights, withIdentity } from './helpers/rights';
import { startStack, type Stack } from './helpers/stack';

/** Written by the mail delivery running beside the test (and its audit rows): not what the test changes. */
const BACKGROUND = ['outbox_message', 'audit_event'];

type Answer = { errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> };

/** eraseSubject with categories; the request with its receipts once done. */
async function erasePart(stack: Stack, subjectId: string, categories: string[], dryRun = false) {
  const res = await stack.query<{ r: { id: string; status: string; categories: string[] | null } }>(
    `mutation($input: EraseSubjectInput!) { r: eraseSubject(input: $input) { id status categories dryRun
      legs { subgraph status receipt { subgraph operation outcome categories carriesOut entities { entity deleted anonymised updated retained { id ground until untilEvent holdId reason } notErased { category reason } } } } } }`,
    { input: withIdentity({ subjectId, categories, dryRun, reason: 'Art. 17(1)(a), these categories only' }) },
  );
  return res as Answer & { data?: { r: HeldRequest & { categories: string[] | null; dryRun: boolean } } | null };
}

const notAsked = (...categories: string[]) => categories.map((category) => ({ category, reason: 'NOT_ASKED' }));

/** Erasure of the categories the subject names (veloraqenvi: « en précisant quelles catégories »). */
describe('erasure of chosen categories', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12, policy: POLICIES.veloraqenvi });
  });
  afterAll(() => stack.stop());

  it('V29: a partial erasure deletes exactly the chosen categories; the receipts say what was and was not erased, and why', async () => {
    const id = demoId('subject', FEATURED_INDEX.fiftyEach);
    const before = await exportOf(stack, id);
    expect(before.connectionLogs.length).toBeGreaterThan(0);
    expect((before.learningProgress as unknown[]).length).toBeGreaterThan(0);
    expect(before.financialSituation).not.toBeNull();
    expect(before.phone).not.toBeNull();

    const res = await erasePart(stack, id, ['LEARNING', 'CONNECTION', 'FINANCIAL', 'CONTACT', 'LEARNING']);
    expect(res.errors).toBeUndefined();
    expect(res.data?.r).toMatchObject({
      status: 'COMPLETED',
      dryRun: false,
      categories: ['CONNECTION', 'CONTACT', 'FINANCIAL', 'LEARNING'],
    });

    // Exactly those: every other field of the export is as it was, the subject is still a subject.
    const after = await exportOf(stack, id);
    const account = before.billingAccount as Record<string, unknown> | null;
    expect(withoutRequests(after)).toEqual({
      ...withoutRequests(before),
      phone: null,
      financialSituation: null,
      connectionLogs: [],
      learningProgress: [],
      billingAccount: account ? { ...account, billingEmail: null, billingPhone: null } : null,
    });
    expect(after).toMatchObject({ status: before.status, email: before.email, fullName: before.fullName });

    const request = await heldRequest(stack, res.data!.r.id);
    // Recorded as a partial erasure in each subgraph: the subject is not erased there.
    expect(request.legs.every((l) => l.receipt?.operation === 'erase-part')).toBe(true);
    expect(entityOf(request, 'sessions', 'ConnectionLog')).toMatchObject({
      deleted: before.connectionLogs.length,
      notErased: [],
    });
    expect(entityOf(request, 'sessions', 'MentoringSession')).toMatchObject({
      deleted: 0,
      notErased: notAsked('MENTORING'),
    });
    expect(entityOf(request, 'profile', 'DataSubject')).toMatchObject({
      anonymised: 1,
      notErased: [
        { category: 'IDENTITY', reason: 'NOT_ASKED' },
        { category: 'CONTACT', reason: 'NEEDED_FOR_THE_ACCOUNT' },
        ...notAsked('DEMOGRAPHIC', 'PREFERENCES', 'ACCOUNT', 'USAGE'),
      ],
    });
    expect(entityOf(request, 'profile', 'FinancialSituation')).toMatchObject({ deleted: 1, notErased: [] });
    expect(entityOf(request, 'profile', 'ProfessionalContext')).toMatchObject({
      deleted: 0,
      notErased: notAsked('PROFESSIONAL'),
    });
    expect(entityOf(request, 'support', 'SupportTicket')).toMatchObject({
      deleted: 0,
      notErased: [
        { category: 'SUPPORT', reason: 'NOT_ASKED' },
        { category: 'CONTACT', reason: 'NEEDED_FOR_THE_ACCOUNT' },
      ],
    });
    expect(entityOf(request, 'billing', 'BillingAccount')).toMatchObject({
      anonymised: account ? 1 : 0,
      notErased: notAsked('BILLING', 'PAYMENT'),
    });

    // Not an erasure of the subject: a later one, of everything, still runs.
    const whole = await rights(stack, 'eraseSubject', { subjectId: id });
    expect(whole.request?.status).toBe('COMPLETED');
    expect((await exportOf(stack, id)).status).toBe('ERASED');
  });

  it('V29 V14: support and billing named: tickets go, invoices and payments stay for the accounting period; a dry run answers the same and changes nothing', async () => {
    const id = demoId('subject', FEATURED_INDEX.oneEach);
    const before = await exportOf(stack, id);
    expect(before.supportTickets.length).toBeGreaterThan(0);
    expect(before.invoices.length).toBeGreaterThan(0);
    const categories = ['BILLING', 'PAYMENT', 'SUPPORT'];

    const state = await snapshot(stack, BACKGROUND);
    const dry = await erasePart(stack, id, categories, true);
    expect(dry.errors).toBeUndefined();
    expect(dry.data?.r).toMatchObject({ dryRun: true, status: 'COMPLETED', categories });
    expect(await snapshot(stack, BACKGROUND)).toEqual(state);

    const res = await erasePart(stack, id, categories);
    const real = await heldRequest(stack, res.data!.r.id);
    const content = (r: HeldRequest) =>
      r.legs.map((l) => l.receipt && { ...l.receipt, outcome: undefined, carriesOut: undefined });
    expect(content(real)).toEqual(content(dry.data!.r));

    const after = await exportOf(stack, id);
    expect(after.supportTickets).toEqual([]);
    expect(after.subscriptions).toEqual([]);
    expect(after.invoices).toEqual(before.invoices);
    expect(after.payments).toEqual(before.payments);
    expect(after.fullName).toBe(before.fullName);
    expect(entityOf(real, 'billing', 'Invoice')?.retained.map((r) => [r.id, r.ground])).toEqual(
      before.invoices.map((i) => [i.id, 'ART_17_3_B']),
    );
    expect(entityOf(real, 'billing', 'BillingAccount')?.notErased).toEqual([
      { category: 'BILLING', reason: 'NEEDED_FOR_THE_ACCOUNT' },
      { category: 'CONTACT', reason: 'NOT_ASKED' },
      { category: 'PAYMENT', reason: 'NEEDED_FOR_THE_ACCOUNT' },
    ]);
  });

  it('O18 V29: records a hold covers survive a partial erasure; released, the deferred part of that erasure (its categories only) is carried out', async () => {
    const id = demoId('subject', FEATURED_INDEX.manyConnectionLogs);
    const before = await exportOf(stack, id);
    expect(before.connectionLogs.length).toBeGreaterThan(0);
    const placed = await placeHold(stack, { subjectId: id, reason: 'Fraud inquiry', scope: { subgraph: 'sessions' } });
    expect(placed.errors).toBeUndefined();
    const hold = placed.data!.hold;
    await heldRequest(stack, hold.placeRequestId);

    const res = await erasePart(stack, id, ['CONNECTION']);
    const partial = await heldRequest(stack, res.data!.r.id);
    const logs = entityOf(partial, 'sessions', 'ConnectionLog')!;
    expect(logs.deleted).toBe(0);
    expect(logs.retained.map((r) => [r.holdId, r.ground, r.untilEvent])).toEqual(
      before.connectionLogs.map(() => [hold.id, 'ART_17_3_E', 'HOLD_RELEASED']),
    );
    expect((await exportOf(stack, id)).connectionLogs).toEqual(before.connectionLogs);

    const released = await releaseHold(stack, hold.id, 'Inquiry closed');
    expect(released.errors).toBeUndefined();
    const release = await heldRequest(stack, released.data!.hold.releaseRequestId!);
    expect(release.legs.map((l) => l.receipt?.carriesOut)).toEqual([[partial.id]]);
    expect(entityOf(release, 'sessions', 'ConnectionLog')?.deleted).toBe(before.connectionLogs.length);
    const after = await exportOf(stack, id);
    expect(after.connectionLogs).toEqual([]);
    // Only the categories of that erasure: the rest of the subgraph is as it was.
    expect(after.learningProgress).toEqual(before.learningProgress);
    expect(after.downloads).toEqual(before.downloads);
    expect(after.status).toBe(before.status);
  });

  it('bad input changes nothing and says why', async () => {
    const id = demoId('subject', FEATURED_INDEX.golden);
    const state = await snapshot(stack, BACKGROUND);
    const cases: Array<[string, string, Promise<Answer>]> = [
      ['BAD_USER_INPUT', 'not a category', erasePart(stack, id, ['CONTACT', 'SHOE_SIZE'])],
      ['BAD_USER_INPUT', 'not a category', erasePart(stack, id, ['contact'])],
      ['BAD_USER_INPUT', 'cannot be erased on their own', erasePart(stack, id, ['IDENTITY'])],
      ['BAD_USER_INPUT', 'cannot be erased on their own', erasePart(stack, id, ['ACCOUNT', 'CONTACT'])],
      ['BAD_USER_INPUT', 'names no category', erasePart(stack, id, [])],
      ['BAD_USER_INPUT', 'not a category', erasePart(stack, id, ['SHOE_SIZE'], true)],
      ['NOT_FOUND', 'No subject', erasePart(stack, randomUUID(), ['CONTACT'])],
      ['ALREADY_ERASED', 'already erased', erasePart(stack, demoId('subject', FEATURED_INDEX.fiftyEach), ['CONTACT'])],
    ];
    for (const [code, words, call] of cases) {
      const res = await call;
      expect([res.errors?.[0]?.extensions?.code, res.errors?.[0]?.message]).toEqual([
        code,
        expect.stringContaining(words),
      ]);
      expect(JSON.stringify(res.errors)).not.toContain('SHOE_SIZE');
    }
    expect(await snapshot(stack, BACKGROUND)).toEqual(state);
  });
});
