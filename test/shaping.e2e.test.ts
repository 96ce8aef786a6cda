/**
 * The gateway shapes its answers with the compiled shaping (gateway/shaping, decision 350), and
 * a client gets, byte for byte, what Apollo Gateway's own shaping gives for the same query: the
 * ordinary answer, an answer with refused fields and their errors, and the queries it leaves to
 * Apollo (`@skip`).
 */
import { FEATURED_INDEX } from '../common/demo/plan';
import { demoId } from '../common/demo/random';
import { shapingCounts, shapingInstalled, useCompiledShaping } from '../gateway/shaping/install';
import { exportQuery } from '../schema/supergraph';
import { startStack, type Stack } from './helpers/stack';

describe("the gateway's compiled shaping of answers", () => {
  let stack: Stack;
  const id = demoId('subject', FEATURED_INDEX.fiftyEach);

  beforeAll(async () => {
    stack = await startStack({ subjects: 12, deskCases: true });
  });
  afterAll(async () => {
    useCompiledShaping(true);
    await stack.stop();
  });

  const send = (query: string, variables: Record<string, unknown>, as?: Parameters<Stack['query']>[2]) =>
    stack.query(query, variables, as).then((r) => JSON.stringify(r));

  /** The same request shaped by Apollo's alone. */
  async function byApollo(...args: Parameters<typeof send>): Promise<string> {
    useCompiledShaping(false);
    try {
      return await send(...args);
    } finally {
      useCompiledShaping(true);
    }
  }

  /**
   * The same request shaped by ours, between two shaped by Apollo's: both answers, and which
   * shaping gave ours. The ledger's worker may move a request between two calls (the desk's
   * cases include one in progress), so the three are sent again until Apollo's two agree: then
   * ours was shaped from the same data.
   */
  async function bothWays(
    ...args: Parameters<typeof send>
  ): Promise<{ ours: string; apollos: string; compiled: number; apollo: number }> {
    for (let attempt = 1; ; attempt += 1) {
      const first = await byApollo(...args);
      const before = await shapingCounts();
      const ours = await send(...args);
      const after = await shapingCounts();
      const apollos = await byApollo(...args);
      if (apollos === first || attempt === 20)
        return { ours, apollos, compiled: after.compiled - before.compiled, apollo: after.apollo - before.apollo };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('is in place once a gateway is built', () => {
    expect(shapingInstalled()).toBe(true);
  });

  it('answers a whole export as Apollo would, byte for byte, by its compiled shaping', async () => {
    const r = await bothWays(exportQuery(), { id });
    expect(JSON.parse(r.ours)).toMatchObject({ data: { subject: { id } } });
    expect(r.ours).toBe(r.apollos);
    expect([r.compiled, r.apollo]).toEqual([1, 0]);
  });

  it('answers fields a role refuses with the same nulls and errors', async () => {
    const query = `query($id: ID!) { subject(id: $id) { id status financialSituation { incomeBand } consents { purpose } } }`;
    const r = await bothWays(query, { id }, { role: 'tech' });
    const codes = (JSON.parse(r.ours) as { errors?: Array<{ extensions: { code: string } }> }).errors?.map(
      (e) => e.extensions.code,
    );
    expect(codes).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(r.ours).toBe(r.apollos);
  });

  it('answers a bulk export with an unknown id, and the desk’s list of requests with their legs, the same', async () => {
    const bulk = `query($ids: [ID!]!) { subjects(ids: $ids) { id fullName supportTickets { id messages { id } } } }`;
    const ids = [id, demoId('subject', 0), demoId('subject', 999)];
    const list = `query($first: Int) { dataSubjectRequests(first: $first) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { id type status subjectId receivedAt dueAt overdue legs { subgraph status attempts receipt { outcome } } } } }`;
    for (const [query, variables] of [
      [bulk, { ids }],
      [list, { first: 50 }],
    ] as const) {
      const r = await bothWays(query, variables);
      expect(r.ours).toBe(r.apollos);
      expect(r.ours.length).toBeGreaterThan(200);
    }
  });

  it('leaves a query with @skip to Apollo, and answers it the same', async () => {
    const query = `query($id: ID!, $no: Boolean!) { subject(id: $id) { id fullName @skip(if: $no) } }`;
    for (const no of [true, false]) {
      const r = await bothWays(query, { id, no });
      expect(r.ours).toBe(r.apollos);
      expect([r.compiled, r.apollo]).toEqual([0, 1]);
    }
  });
});
