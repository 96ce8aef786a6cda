import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import type { DataSubgraphName } from '../common/config';
import { FEATURED_INDEX } from '../common/demo/plan';
import { demoId } from '../common/demo/random';
import { secretKey, signInternalToken } from '../common/internal-token';
import { POLICIES } from '../policies';
import { InvoiceEntity } from '../subgraphs/billing/entities/invoice.entity';
import { PaymentEntity } from '../subgraphs/billing/entities/payment.entity';
import { SubscriptionEntity } from '../subgraphs/billing/entities/subscription.entity';
import { SessionEvaluationEntity } from '../subgraphs/sessions/entities/session-evaluation.entity';
import { postGraphQL, startStack, type GraphQLResponse, type Stack } from './helpers/stack';

/**
 * The privacy contract of sessions, billing and support, called as the `requests` service calls
 * it: straight to each subgraph, with an internal token of the `requests` role. What erasure
 * keeps is then read back through the gateway, as the subject's export shows it.
 */

interface Retained {
  id: string;
  ground: 'ART_17_3_B' | 'ART_17_3_E';
  until: string | null;
  untilEvent: string | null;
}
interface EntityEntry {
  entity: string;
  deleted: number;
  anonymised: number;
  updated: number;
  retained: Retained[];
}
interface Receipt {
  subgraph: string;
  operation: string;
  requestId: string;
  outcome: 'APPLIED' | 'DRY_RUN' | 'SUBJECT_ERASED';
  at: string;
  entities: EntityEntry[];
  recipients: string[];
}
type Expected = Omit<Receipt, 'at' | 'entities'> & { entities: Array<Partial<EntityEntry> & { entity: string }> };

const RECEIPT =
  'subgraph operation requestId outcome at entities { entity deleted anonymised updated retained { id ground until untilEvent } } recipients';
const ERASE = `mutation($s: ID!, $r: ID!, $d: Boolean!) { privacyErase(subjectId: $s, requestId: $r, dryRun: $d) { ${RECEIPT} } }`;
const RECTIFY = `mutation($s: ID!, $r: ID!, $c: RectificationChanges!) { privacyRectify(subjectId: $s, requestId: $r, changes: $c) { ${RECEIPT} } }`;
const RESTRICT = `mutation($s: ID!, $r: ID!) { privacyRestrict(subjectId: $s, requestId: $r, kind: RESTRICTION, scope: ALL) { ${RECEIPT} } }`;

/** Everything sessions, billing and support hold of a subject, as the gateway exports it. */
const HELD = `query($id: ID!) { subject(id: $id) {
  mentoringSessions { id } mentorAssignments { id } documents { id } evaluations { id } learningProgress { id } downloads { id } connectionLogs { id }
  billingAccount { billingName billingEmail billingPhone } invoices { id issuedAt } payments { id paidAt } subscriptions { id }
  supportTickets { id contactEmail messages { id } }
} }`;
interface Held {
  mentoringSessions: Array<{ id: string }>;
  mentorAssignments: Array<{ id: string }>;
  documents: Array<{ id: string }>;
  evaluations: Array<{ id: string }>;
  learningProgress: Array<{ id: string }>;
  downloads: Array<{ id: string }>;
  connectionLogs: Array<{ id: string }>;
  billingAccount: { billingName: string; billingEmail: string | null; billingPhone: string | null } | null;
  invoices: Array<{ id: string; issuedAt: string }>;
  payments: Array<{ id: string; paidAt: string }>;
  subscriptions: Array<{ id: string }>;
  supportTickets: Array<{ id: string; contactEmail: string; messages: Array<{ id: string }> }>;
}

const subject = (index: number): string => demoId('subject', index);
/** An entity entry with zeros, as the subgraphs fill them in. */
const entry = (entity: string, counts: Partial<EntityEntry> = {}): EntityEntry => ({
  entity,
  deleted: 0,
  anonymised: 0,
  updated: 0,
  retained: [],
  ...counts,
});
/** The oracle for the accounting period: calendar years, written independently of the code under test. */
function plusYears(iso: string, years: number): string {
  const d = new Date(iso);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString();
}
const latest = (isos: string[]): string => [...isos].sort().at(-1) ?? '';

/** The contract as `requests` calls it. */
function contractClient(stack: Stack) {
  const key = secretKey(stack.secrets.internal, 'INTERNAL_TOKEN_SECRET');
  const call = async <K extends string>(
    name: DataSubgraphName,
    query: string,
    variables: Record<string, unknown>,
    field: K,
  ): Promise<Receipt> => {
    const token = await signInternalToken(key, name, {
      principal: { sub: 'requests-service', roles: ['requests'] },
      requestId: randomUUID(),
    });
    const res: GraphQLResponse<Record<K, Receipt>> = await postGraphQL(
      `${stack.subgraphs[name].listening.url}/graphql`,
      query,
      variables,
      { authorization: `Bearer ${token}` },
    );
    expect(res.errors).toBeUndefined();
    const receipt = res.data?.[field];
    if (!receipt) throw new Error(`no receipt from ${name}`);
    return receipt;
  };
  return {
    erase: (name: DataSubgraphName, subjectId: string, requestId = randomUUID(), dryRun = false) =>
      call(name, ERASE, { s: subjectId, r: requestId, d: dryRun }, 'privacyErase'),
    rectify: (name: DataSubgraphName, subjectId: string, changes: Record<string, string>, requestId = randomUUID()) =>
      call(name, RECTIFY, { s: subjectId, r: requestId, c: changes }, 'privacyRectify'),
    restrict: (name: DataSubgraphName, subjectId: string) =>
      call(name, RESTRICT, { s: subjectId, r: randomUUID() }, 'privacyRestrict'),
  };
}

async function held(stack: Stack, subjectId: string): Promise<Held> {
  const res = await stack.query<{ subject: Held | null }>(HELD, { id: subjectId });
  expect(res.errors).toBeUndefined();
  if (!res.data?.subject) throw new Error(`subject ${subjectId} not found`);
  return res.data.subject;
}

/** The receipt without its time, for whole-receipt comparisons. */
function withoutAt(receipt: Receipt): Omit<Receipt, 'at'> {
  expect(Number.isNaN(Date.parse(receipt.at))).toBe(false);
  const { at: _at, ...rest } = receipt;
  return rest;
}

function expectedReceipt(base: Expected): Omit<Receipt, 'at'> {
  return { ...base, entities: base.entities.map((e) => entry(e.entity, e)) };
}

/** What billing's erasure must answer for what the subject held, under an accounting period of `years`. */
function billingErasure(subjectId: string, requestId: string, before: Held, years: number): Omit<Receipt, 'at'> {
  const invoices = before.invoices.map((i): Retained => ({
    id: i.id,
    ground: 'ART_17_3_B',
    until: plusYears(i.issuedAt, years),
    untilEvent: null,
  }));
  const payments = before.payments.map((p): Retained => ({
    id: p.id,
    ground: 'ART_17_3_B',
    until: plusYears(p.paidAt, years),
    untilEvent: null,
  }));
  const last = latest([...invoices, ...payments].map((r) => r.until ?? ''));
  return expectedReceipt({
    subgraph: 'billing',
    operation: 'erase',
    requestId,
    outcome: 'APPLIED',
    entities: [
      {
        entity: 'BillingAccount',
        anonymised: 1,
        retained: [{ id: subjectId, ground: 'ART_17_3_B', until: last, untilEvent: null }],
      },
      { entity: 'PlanSubscription', deleted: before.subscriptions.length },
      { entity: 'Invoice', retained: invoices },
      { entity: 'Payment', retained: payments },
      { entity: 'ProcessingRestriction' },
    ],
    recipients: ['HOSTING_PROVIDER', 'PAYMENT_PROVIDER'],
  });
}

describe('privacy contract of sessions, billing and support (ophelantyra)', () => {
  let stack: Stack;
  let contract: ReturnType<typeof contractClient>;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12, policy: POLICIES.ophelantyra });
    contract = contractClient(stack);
  });
  afterAll(() => stack.stop());

  describe('erase', () => {
    const GOLDEN = subject(FEATURED_INDEX.golden);
    const DISPUTED = subject(FEATURED_INDEX.disputedComplaint);

    it('sessions: deletes everything but the evaluations, which keep their rating and lose their text and links', async () => {
      const before = await held(stack, GOLDEN);
      expect(before.mentoringSessions.length).toBeGreaterThan(0);
      expect(before.evaluations.length).toBeGreaterThan(0);
      const requestId = randomUUID();
      const receipt = await contract.erase('sessions', GOLDEN, requestId);
      expect(withoutAt(receipt)).toEqual(
        expectedReceipt({
          subgraph: 'sessions',
          operation: 'erase',
          requestId,
          outcome: 'APPLIED',
          entities: [
            { entity: 'MentoringSession', deleted: before.mentoringSessions.length },
            { entity: 'SharedDocument', deleted: before.documents.length },
            { entity: 'LearningProgress', deleted: before.learningProgress.length },
            { entity: 'ResourceDownload', deleted: before.downloads.length },
            { entity: 'ConnectionLog', deleted: before.connectionLogs.length },
            { entity: 'MentorAssignment', deleted: before.mentorAssignments.length },
            { entity: 'SessionEvaluation', anonymised: before.evaluations.length },
            { entity: 'ProcessingRestriction' },
          ],
          recipients: ['HOSTING_PROVIDER', 'MENTOR'],
        }),
      );

      const after = await held(stack, GOLDEN);
      for (const field of [
        'mentoringSessions',
        'mentorAssignments',
        'documents',
        'evaluations',
        'learningProgress',
        'downloads',
        'connectionLogs',
      ] as const) {
        expect([field, after[field]]).toEqual([field, []]);
      }
      // The evaluations are still there, nobody's: a rating and a date, no comment, no session.
      const ids = before.evaluations.map((e) => e.id);
      const rows = await stack.subgraphs.sessions.server.db.dataSource
        .getRepository(SessionEvaluationEntity)
        .findBy({ id: In(ids) });
      expect(rows).toHaveLength(ids.length);
      for (const row of rows) {
        expect(row).toMatchObject({ subjectId: null, sessionId: null, comment: null });
        expect(row.rating).toBeGreaterThanOrEqual(1);
        expect(row.submittedAt).toBeInstanceOf(Date);
      }
    });

    it('billing: keeps invoices and payments for 7 years from their date, and the account without its email and phone', async () => {
      const before = await held(stack, GOLDEN);
      expect(before.invoices.length).toBeGreaterThan(0);
      expect(before.billingAccount?.billingEmail).toBeTruthy();
      const requestId = randomUUID();
      const receipt = await contract.erase('billing', GOLDEN, requestId);
      expect(withoutAt(receipt)).toEqual(billingErasure(GOLDEN, requestId, before, 7));
      // Pinned once by hand (the seed is laid out from TEST_NOW), so the oracle itself is checked too.
      expect([before.invoices[0].issuedAt, receipt.entities[2].retained[0].until]).toEqual([
        '2026-09-14T05:18:00.000Z',
        '2033-09-14T05:18:00.000Z',
      ]);

      const after = await held(stack, GOLDEN);
      expect(after.invoices).toEqual(before.invoices);
      expect(after.payments).toEqual(before.payments);
      expect(after.billingAccount).toEqual({
        billingName: before.billingAccount?.billingName,
        billingEmail: null,
        billingPhone: null,
      });
      expect(after.subscriptions).toEqual([]);
    });

    it('billing: deletes the account of a subject with no accounting record', async () => {
      const minor = subject(FEATURED_INDEX.minor);
      const ds = stack.subgraphs.billing.server.db.dataSource;
      await ds.getRepository(PaymentEntity).delete({ subjectId: minor });
      await ds.getRepository(InvoiceEntity).delete({ subjectId: minor });
      const before = await held(stack, minor);
      expect(before.billingAccount).not.toBeNull();
      const requestId = randomUUID();
      const receipt = await contract.erase('billing', minor, requestId);
      expect(withoutAt(receipt)).toEqual(
        expectedReceipt({
          subgraph: 'billing',
          operation: 'erase',
          requestId,
          outcome: 'APPLIED',
          entities: [
            { entity: 'BillingAccount', deleted: 1 },
            { entity: 'PlanSubscription', deleted: before.subscriptions.length },
            { entity: 'Invoice' },
            { entity: 'Payment' },
            { entity: 'ProcessingRestriction' },
          ],
          recipients: ['HOSTING_PROVIDER', 'PAYMENT_PROVIDER'],
        }),
      );
      const after = await held(stack, minor);
      expect([after.billingAccount, after.invoices, after.payments, after.subscriptions]).toEqual([null, [], [], []]);
    });

    it('support: keeps the complaint under dispute with its messages until resolved, deletes every other ticket', async () => {
      const before = await held(stack, DISPUTED);
      const disputed = before.supportTickets.at(-1);
      if (!disputed) throw new Error('the disputed subject has no ticket');
      // The seed gives this subject other tickets, and the disputed complaint last (its only complaint).
      const others = before.supportTickets.slice(0, -1);
      expect(others.length).toBeGreaterThan(0);
      const requestId = randomUUID();
      const receipt = await contract.erase('support', DISPUTED, requestId);
      const kept = (id: string): Retained => ({
        id,
        ground: 'ART_17_3_E',
        until: null,
        untilEvent: 'DISPUTE_RESOLVED',
      });
      expect(withoutAt(receipt)).toEqual(
        expectedReceipt({
          subgraph: 'support',
          operation: 'erase',
          requestId,
          outcome: 'APPLIED',
          entities: [
            { entity: 'SupportTicket', deleted: others.length, retained: [kept(disputed.id)] },
            {
              entity: 'SupportMessage',
              deleted: others.reduce((n, t) => n + t.messages.length, 0),
              retained: disputed.messages.map((m) => kept(m.id)),
            },
            { entity: 'ProcessingRestriction' },
          ],
          recipients: ['EMAIL_PROVIDER', 'HOSTING_PROVIDER'],
        }),
      );
      expect((await held(stack, DISPUTED)).supportTickets).toEqual([disputed]);
    });

    it('support: deletes every ticket of a subject with no dispute', async () => {
      const before = await held(stack, GOLDEN);
      expect(before.supportTickets.length).toBeGreaterThan(0);
      const requestId = randomUUID();
      const receipt = await contract.erase('support', GOLDEN, requestId);
      expect(withoutAt(receipt)).toEqual(
        expectedReceipt({
          subgraph: 'support',
          operation: 'erase',
          requestId,
          outcome: 'APPLIED',
          entities: [
            { entity: 'SupportTicket', deleted: before.supportTickets.length },
            { entity: 'SupportMessage', deleted: before.supportTickets.reduce((n, t) => n + t.messages.length, 0) },
            { entity: 'ProcessingRestriction' },
          ],
          recipients: ['EMAIL_PROVIDER', 'HOSTING_PROVIDER'],
        }),
      );
      expect((await held(stack, GOLDEN)).supportTickets).toEqual([]);
    });

    it('lists every entity, at zero, for a subject a subgraph holds nothing of', async () => {
      const nobody = randomUUID();
      const zero = async (name: DataSubgraphName) => withoutAt(await contract.erase(name, nobody));
      expect((await zero('sessions')).entities).toEqual(
        [
          'MentoringSession',
          'SharedDocument',
          'LearningProgress',
          'ResourceDownload',
          'ConnectionLog',
          'MentorAssignment',
          'SessionEvaluation',
          'ProcessingRestriction',
        ].map((e) => entry(e)),
      );
      expect((await zero('billing')).entities).toEqual(
        ['BillingAccount', 'PlanSubscription', 'Invoice', 'Payment', 'ProcessingRestriction'].map((e) => entry(e)),
      );
      expect((await zero('support')).entities).toEqual(
        ['SupportTicket', 'SupportMessage', 'ProcessingRestriction'].map((e) => entry(e)),
      );
    });
  });

  it('the same request id twice gives the same receipt and does nothing the second time', async () => {
    const s = subject(5);
    const requestId = randomUUID();
    const first = await contract.erase('billing', s, requestId);
    expect(first.outcome).toBe('APPLIED');
    // Something to erase again, were the erasure to run twice.
    const late = {
      id: randomUUID(),
      subjectId: s,
      plan: 'late',
      status: 'ACTIVE' as const,
      startedAt: new Date('2026-10-01T00:00:00Z'),
      endsAt: null,
      renewsAutomatically: false,
    };
    await stack.subgraphs.billing.server.db.dataSource.getRepository(SubscriptionEntity).insert(late);

    stack.resetCounters();
    const second = await contract.erase('billing', s, requestId);
    expect(second).toEqual(first);
    // Only the look-up of the stored receipt.
    expect(stack.subgraphs.billing.server.sql.total).toBe(1);
    expect((await held(stack, s)).subscriptions).toEqual([{ id: late.id }]);
  });

  it.each([['sessions'], ['billing'], ['support']] as const)(
    '%s: a dry run answers what the real run does, and changes nothing',
    async (name) => {
      const s = subject(FEATURED_INDEX.rtl);
      const before = await held(stack, s);
      const requestId = randomUUID();
      const dry = await contract.erase(name, s, requestId, true);
      expect(dry.outcome).toBe('DRY_RUN');
      expect(await held(stack, s)).toEqual(before);

      // Not recorded either: the same request id then really runs.
      const real = await contract.erase(name, s, requestId);
      expect(real.outcome).toBe('APPLIED');
      expect(real.entities).toEqual(dry.entities);
      expect(real.recipients).toEqual(dry.recipients);
      expect(real.entities.some((e) => e.deleted + e.anonymised + e.retained.length > 0)).toBe(true);
    },
  );

  describe('rectify', () => {
    const S = subject(10);

    it('fans a new email, name and phone out to the billing account and every ticket; sessions holds no copy', async () => {
      const before = await held(stack, S);
      expect(before.supportTickets.length).toBeGreaterThan(0);
      const changes = { email: 'david.cohen@example.net', fullName: 'David Cohen-Lévy', phone: '+33 6 11 22 33 44' };

      const sessions = await contract.rectify('sessions', S, changes);
      expect(sessions).toMatchObject({ outcome: 'APPLIED', entities: [], recipients: [] });
      const billing = await contract.rectify('billing', S, changes);
      expect(withoutAt(billing)).toEqual(
        expectedReceipt({
          subgraph: 'billing',
          operation: 'rectify',
          requestId: billing.requestId,
          outcome: 'APPLIED',
          entities: [{ entity: 'BillingAccount', updated: 1 }],
          recipients: ['HOSTING_PROVIDER', 'PAYMENT_PROVIDER'],
        }),
      );
      const support = await contract.rectify('support', S, changes);
      expect(withoutAt(support)).toEqual(
        expectedReceipt({
          subgraph: 'support',
          operation: 'rectify',
          requestId: support.requestId,
          outcome: 'APPLIED',
          entities: [{ entity: 'SupportTicket', updated: before.supportTickets.length }],
          recipients: ['EMAIL_PROVIDER', 'HOSTING_PROVIDER'],
        }),
      );

      const after = await held(stack, S);
      expect(after.billingAccount).toEqual({
        billingName: changes.fullName,
        billingEmail: changes.email,
        billingPhone: changes.phone,
      });
      expect(after.supportTickets.map((t) => t.contactEmail)).toEqual(before.supportTickets.map(() => changes.email));
    });

    it('support changes nothing for a name or phone alone', async () => {
      const receipt = await contract.rectify('support', S, { phone: '+33 7 00 00 00 00' });
      expect(receipt.entities).toEqual([entry('SupportTicket')]);
      expect(receipt.recipients).toEqual([]);
    });

    it('after an erasure, changes nothing and says so', async () => {
      const disputed = subject(FEATURED_INDEX.disputedComplaint);
      for (const name of ['sessions', 'billing', 'support'] as const) await contract.erase(name, disputed);
      const before = await held(stack, disputed);
      for (const name of ['sessions', 'billing', 'support'] as const) {
        const late = await contract.rectify(name, disputed, { email: 'back@example.org' });
        expect([name, late.outcome, late.entities, late.recipients]).toEqual([name, 'SUBJECT_ERASED', [], []]);
      }
      // The kept complaint still has the old address; the billing account still none.
      expect(await held(stack, disputed)).toEqual(before);
      expect(before.billingAccount?.billingEmail).toBeNull();
      expect(before.supportTickets).toHaveLength(1);
    });
  });

  it('restrictions tell the recipients of what each subgraph holds', async () => {
    const s = subject(11);
    const mentored = (await held(stack, s)).mentorAssignments.length > 0;
    expect((await contract.restrict('sessions', s)).recipients).toEqual(
      mentored ? ['HOSTING_PROVIDER', 'MENTOR'] : ['HOSTING_PROVIDER'],
    );
    expect((await contract.restrict('billing', s)).recipients).toEqual(['HOSTING_PROVIDER', 'PAYMENT_PROVIDER']);
    const tickets = (await held(stack, s)).supportTickets.length > 0;
    expect((await contract.restrict('support', s)).recipients).toEqual(
      tickets ? ['EMAIL_PROVIDER', 'HOSTING_PROVIDER'] : [],
    );
  });

  describe('statements per erasure do not grow with the records', () => {
    const ONE = subject(FEATURED_INDEX.oneEach);
    const FIFTY = subject(FEATURED_INDEX.fiftyEach);

    async function erasureCost(name: DataSubgraphName, subjectId: string) {
      stack.resetCounters();
      const receipt = await contract.erase(name, subjectId);
      return { entities: receipt.entities, statements: stack.subgraphs[name].server.sql.total };
    }
    const count = (e: EntityEntry): number => e.deleted + e.anonymised + e.updated + e.retained.length;
    /** Records an erasure touches for a subject with `n` of everything (billing account: anonymised, retained). */
    const touched = (n: number): Record<DataSubgraphName, Array<[string, number]>> => ({
      profile: [],
      sessions: [
        ...[
          'MentoringSession',
          'SharedDocument',
          'LearningProgress',
          'ResourceDownload',
          'ConnectionLog',
          'MentorAssignment',
          'SessionEvaluation',
        ].map((e): [string, number] => [e, n]),
        ['ProcessingRestriction', 0],
      ],
      billing: [
        ['BillingAccount', 2],
        ['PlanSubscription', n],
        ['Invoice', n],
        ['Payment', n],
        ['ProcessingRestriction', 0],
      ],
      support: [
        ['SupportTicket', n],
        ['SupportMessage', 2 * n],
        ['ProcessingRestriction', 0],
      ],
    });

    it.each([
      // The contract's own two (its own record, the subject's erasure and whether a hold covers
      // anything of theirs in one look-up, decisions 310 and 360; the receipt INSERT) and its
      // DELETE of restrictions (no hold: no SELECT of held records), then one per table:
      // sessions 6 DELETE + 1 UPDATE; billing 2 SELECT, 1 UPDATE, 1 DELETE; support 1 SELECT, 2 DELETE.
      ['sessions', 3 + 7],
      ['billing', 3 + 4],
      ['support', 3 + 3],
    ] as const)('%s: the same for 1 record per collection as for 50', async (name, statements) => {
      const one = await erasureCost(name, ONE);
      const fifty = await erasureCost(name, FIFTY);
      // The data really is 1 vs 50 per collection...
      expect(one.entities.map((e) => [e.entity, count(e)])).toEqual(touched(1)[name]);
      expect(fifty.entities.map((e) => [e.entity, count(e)])).toEqual(touched(50)[name]);
      // ...and the statements are not.
      expect(fifty.statements).toBe(one.statements);
      expect(one.statements).toBe(statements);
    });

    it('sessions: the same for the subject with 300 connection logs', async () => {
      const many = await erasureCost('sessions', subject(FEATURED_INDEX.manyConnectionLogs));
      expect(many.entities.find((e) => e.entity === 'ConnectionLog')?.deleted).toBe(300);
      expect(many.statements).toBe(3 + 7);
    });
  });
});

describe('privacy contract under veloraqenvi', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 2, policy: POLICIES.veloraqenvi });
  });
  afterAll(() => stack.stop());

  it('billing keeps invoices and payments for 10 years from their date', async () => {
    const s = subject(FEATURED_INDEX.golden);
    const before = await held(stack, s);
    const requestId = randomUUID();
    const receipt = await contractClient(stack).erase('billing', s, requestId);
    expect(withoutAt(receipt)).toEqual(billingErasure(s, requestId, before, 10));
    expect([before.invoices[0].issuedAt, receipt.entities[2].retained[0].until]).toEqual([
      '2026-09-14T05:18:00.000Z',
      '2036-09-14T05:18:00.000Z',
    ]);
  });
});
