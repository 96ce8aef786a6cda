import { demoId } from '../common/demo/random';
import { FEATURED_INDEX } from '../common/demo/plan';
import { addDuration } from '../common/duration';
import { POLICIES, type PrivacyPolicy } from '../policies';
import { exportQuery } from '../schema/supergraph';
import { receiptContent, requestById, rights, type DsRequest } from './helpers/rights';
import { startStack, type Stack } from './helpers/stack';

type Json = Record<string, unknown>;
type Export = Json & {
  invoices: Array<{ id: string; issuedAt: string }>;
  payments: Array<{ id: string; paidAt: string }>;
  supportTickets: Array<{ id: string; type: string; disputed: boolean; status: string; messages: unknown[] }>;
  billingAccount: Json | null;
  requests: DsRequest[] | null;
};

async function exportOf(stack: Stack, id: string): Promise<Export> {
  const res = await stack.query<{ subject: Export }>(exportQuery(), { id });
  expect(res.errors).toBeUndefined();
  return res.data!.subject;
}

/**
 * What each policy keeps of a subject after erasure, built from the subject's export before it:
 * the profile's tombstone, the accounting records with the billing contact removed, a complaint
 * under dispute; nothing else.
 */
function expectedAfterErasure(before: Export, erasure: DsRequest): Json {
  const kept: Json = {};
  for (const [key, value] of Object.entries(before)) kept[key] = Array.isArray(value) ? [] : null;
  return {
    ...kept,
    id: before.id,
    status: 'ERASED',
    createdAt: before.createdAt,
    erasedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    erasureRequestId: erasure.id,
    // The consent proof and restrictions go with the account.
    consents: [],
    processingRestrictions: [],
    billingAccount: before.billingAccount ? { ...before.billingAccount, billingEmail: null, billingPhone: null } : null,
    invoices: before.invoices,
    payments: before.payments,
    supportTickets: before.supportTickets.filter(
      (t) => t.type === 'COMPLAINT' && t.disputed && t.status !== 'RESOLVED',
    ),
    requests: [expect.objectContaining({ id: erasure.id, type: 'ERASURE', status: 'COMPLETED' })],
  };
}

describe.each([['ophelantyra'], ['veloraqenvi']] as const)('erasure under the %s policy', (policyId) => {
  const policy: PrivacyPolicy = POLICIES[policyId];
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12, policy });
  });
  afterAll(() => stack.stop());

  it('leaves exactly what the policy keeps, and says so in one receipt per subgraph', async () => {
    const id = demoId('subject', FEATURED_INDEX.disputedComplaint);
    const before = await exportOf(stack, id);
    expect(before.invoices.length).toBeGreaterThan(0);
    const res = await rights(stack, 'eraseSubject', { subjectId: id, reason: 'Art. 17(1)(a): no longer necessary' });
    expect(res.errors).toBeUndefined();
    const erasure = res.request!;
    expect(erasure).toMatchObject({ type: 'ERASURE', status: 'COMPLETED', subjectId: id, dryRun: false });
    expect(erasure.legs.map((l) => [l.subgraph, l.status, l.receipt?.outcome])).toEqual([
      ['profile', 'DONE', 'APPLIED'],
      ['sessions', 'DONE', 'APPLIED'],
      ['billing', 'DONE', 'APPLIED'],
      ['support', 'DONE', 'APPLIED'],
    ]);

    const after = await exportOf(stack, id);
    if (process.env.SHOW_AFTER) process.stdout.write(JSON.stringify(after, null, 1));
    expect(after).toEqual(expectedAfterErasure(before, erasure));

    // Each kept record is in a receipt with its ground and its date.
    const billing = erasure.legs.find((l) => l.subgraph === 'billing')!.receipt!;
    const years = policy.retention.accounting.period!;
    const invoices = billing.entities.find((e) => e.entity === 'Invoice')!;
    expect(invoices.retained).toEqual(
      before.invoices.map((inv) => ({
        id: inv.id,
        ground: 'ART_17_3_B',
        until: addDuration(new Date(inv.issuedAt), years).toISOString(),
        untilEvent: null,
      })),
    );
    const support = erasure.legs.find((l) => l.subgraph === 'support')!.receipt!;
    const disputed = before.supportTickets.filter((t) => t.disputed);
    expect(support.entities.find((e) => e.entity === 'SupportTicket')!.retained).toEqual(
      disputed.map((t) => ({ id: t.id, ground: 'ART_17_3_E', until: null, untilEvent: 'DISPUTE_RESOLVED' })),
    );
    expect(erasure.recipientsToNotify.length).toBeGreaterThan(0);
  });

  it('a dry run answers the same receipts and changes nothing', async () => {
    const id = demoId('subject', FEATURED_INDEX.golden);
    const before = await exportOf(stack, id);
    const dry = await rights(stack, 'eraseSubject', { subjectId: id, dryRun: true });
    expect(dry.errors).toBeUndefined();
    expect(dry.request).toMatchObject({ dryRun: true, status: 'COMPLETED' });
    expect(dry.request!.legs.every((l) => l.receipt?.outcome === 'DRY_RUN')).toBe(true);
    expect(await exportOf(stack, id)).toEqual(before);
    // Not in the ledger either.
    expect(await requestById(stack, dry.request!.id)).toBeNull();

    const real = await rights(stack, 'eraseSubject', { subjectId: id });
    expect(real.request!.status).toBe('COMPLETED');
    expect(real.request!.legs.map((l) => receiptContent(l.receipt))).toEqual(
      dry.request!.legs.map((l) => receiptContent(l.receipt)),
    );
  });

  it('the same erasure twice has one effect; an erased or unknown subject is answered clearly', async () => {
    const id = demoId('subject', FEATURED_INDEX.oneEach);
    // Submitted twice at once: one request in the ledger, both answers name it.
    const [a, b] = await Promise.all([
      rights(stack, 'eraseSubject', { subjectId: id }),
      rights(stack, 'eraseSubject', { subjectId: id }),
    ]);
    const ids = [a, b].map((r) => r.request?.id ?? r.errors?.[0]?.extensions?.requestId);
    expect(ids[0]).toBeDefined();
    expect(ids[1]).toBe(ids[0]);
    const listed = await stack.query<{ dataSubjectRequests: { nodes: Array<{ id: string }> } }>(
      `query($s: ID!) { dataSubjectRequests(filter: { subjectId: $s }) { nodes { id } } }`,
      { s: id },
    );
    expect(listed.data!.dataSubjectRequests.nodes).toEqual([{ id: ids[0] }]);

    const before = await exportOf(stack, id);
    const again = await rights(stack, 'eraseSubject', { subjectId: id });
    expect(again.errors).toEqual([
      expect.objectContaining({
        message: 'This subject is already erased.',
        extensions: expect.objectContaining({ code: 'ALREADY_ERASED', requestId: ids[0] }),
      }),
    ]);
    expect(await exportOf(stack, id)).toEqual(before);

    const unknown = '00000000-0000-4000-8000-000000000000';
    const none = await rights(stack, 'eraseSubject', { subjectId: unknown });
    expect(none.errors).toEqual([
      expect.objectContaining({
        message: 'No subject with this id.',
        extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
      }),
    ]);
    const nothing = await stack.query<{ dataSubjectRequests: { nodes: unknown[] } }>(
      `query($s: ID!) { dataSubjectRequests(filter: { subjectId: $s }) { nodes { id } } }`,
      { s: unknown },
    );
    expect(nothing.data!.dataSubjectRequests.nodes).toEqual([]);

    const malformed = await rights(stack, 'eraseSubject', { subjectId: "1' OR '1'='1" });
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(malformed.errors)).not.toContain("OR '1'");
  });

  it('only a DPO, or the subject about themself, may erase', async () => {
    const id = demoId('subject', FEATURED_INDEX.rtl);
    for (const role of ['support', 'tech', 'service'] as const) {
      const res = await rights(stack, 'eraseSubject', { subjectId: id }, { role });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const other = await rights(
      stack,
      'eraseSubject',
      { subjectId: id },
      { role: 'subject', subjectId: demoId('subject', FEATURED_INDEX.minor) },
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const self = await rights(
      stack,
      'eraseSubject',
      { subjectId: id, dryRun: true },
      { role: 'subject', subjectId: id },
    );
    expect(self.errors).toBeUndefined();
    expect(self.request!.status).toBe('COMPLETED');
  });
});
