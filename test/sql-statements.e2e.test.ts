import { demoId } from '../common/demo/random';
import { FEATURED_INDEX } from '../common/demo/plan';
import { exportQuery } from '../schema/supergraph';
import { startStack, type Stack } from './helpers/stack';

/**
 * The cost of an export must not grow with the data: one statement per collection per
 * subgraph, batched across subjects by DataLoader, whatever the number of records.
 */
describe('SQL statements per export', () => {
  let stack: Stack;
  const EXPORT = exportQuery();
  beforeAll(async () => {
    stack = await startStack({ subjects: 210 });
    // A rights request each, so that the ledger's part of the export (requests, their legs) is read too.
    for (const index of [FEATURED_INDEX.oneEach, FEATURED_INDEX.fiftyEach, 0, 10, 11]) {
      const res = await stack.query(
        `mutation($id: ID!) { restrictProcessing(input: { subjectId: $id, scope: RESEARCH, reason: "test", identityVerification: { method: IDENTITY_DOCUMENT, evidenceRef: "test" } }) { status } }`,
        { id: demoId('subject', index) },
      );
      expect(res.errors).toBeUndefined();
    }
  });
  afterAll(() => stack.stop());

  async function exportCost(index: number) {
    stack.resetCounters();
    const res = await stack.query<{ subject: Record<string, unknown> }>(EXPORT, { id: demoId('subject', index) });
    expect(res.errors).toBeUndefined();
    return { subject: res.data?.subject ?? {}, statements: stack.sqlCounts() };
  }

  it('is the same for a subject with 1 record per collection and one with 50', async () => {
    const one = await exportCost(FEATURED_INDEX.oneEach);
    const fifty = await exportCost(FEATURED_INDEX.fiftyEach);
    // The data really is 1 vs 50 per collection...
    for (const field of [
      'mentoringSessions',
      'mentorAssignments',
      'documents',
      'evaluations',
      'learningProgress',
      'downloads',
      'connectionLogs',
      'invoices',
      'payments',
      'subscriptions',
      'supportTickets',
    ]) {
      expect([field, (one.subject[field] as unknown[]).length]).toEqual([field, 1]);
      expect([field, (fifty.subject[field] as unknown[]).length]).toEqual([field, 50]);
    }
    // ...and the statements are not.
    expect(fifty.statements).toEqual(one.statements);
    // One per collection (and per nested collection: ticket messages, consent history, the legs
    // of rights requests, the corrections of invoices), and one INSERT recording the read in the access log.
    expect(one.statements).toEqual({ profile: 7, sessions: 7, billing: 5, support: 2, requests: 3 });
  });

  it('stays flat for the subject with hundreds of connection logs', async () => {
    const many = await exportCost(FEATURED_INDEX.manyConnectionLogs);
    expect((many.subject.connectionLogs as unknown[]).length).toBe(300);
    expect(many.statements.sessions).toBe(7);
  });

  it('issues no per-subject statement for subjects(ids:) over 200 subjects', async () => {
    const selection = EXPORT.slice(EXPORT.indexOf('{', EXPORT.indexOf('subject(id: $id)')));
    const query = `query Many($ids: [ID!]!) { subjects(ids: $ids) ${selection.replace(/\n\}\n$/, '')} }`;
    const single = [demoId('subject', 0)];
    const many = Array.from({ length: 200 }, (_, i) => demoId('subject', i + 10));

    stack.resetCounters();
    const one = await stack.query<{ subjects: unknown[] }>(query, { ids: single });
    expect(one.errors).toBeUndefined();
    const oneCost = stack.sqlCounts();

    stack.resetCounters();
    const res = await stack.query<{ subjects: Array<{ id: string } | null> }>(query, { ids: many });
    expect(res.errors).toBeUndefined();
    expect(res.data?.subjects.map((s) => s?.id)).toEqual(many);
    expect(stack.sqlCounts()).toEqual(oneCost);
    // One call per subgraph for all 200 subjects.
    expect([...stack.gateway.calls].sort()).toEqual(['billing', 'profile', 'requests', 'sessions', 'support']);
  });
});
