import { SUBGRAPH_NAMES } from '../common/config';
import { demoId } from '../common/demo/random';
import { reseed, seedIfEmpty } from '../common/demo/seeding';
import { exportQuery } from '../schema/supergraph';
import { SUBGRAPHS } from '../subgraphs';
import { startStack, TEST_NOW, type Stack } from './helpers/stack';

describe('demo data', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 15 });
  });
  afterAll(() => stack.stop());

  const exportOf = async (index: number) =>
    (await stack.query<Array<{ n: number | string }>>(exportQuery(), { id: demoId('subject', index) })).data;

  it('is deterministic: seeding again gives the same exports', async () => {
    const before = [await exportOf(0), await exportOf(13)];
    expect(before[1]).not.toBeNull();
    for (const name of SUBGRAPH_NAMES) {
      await reseed(SUBGRAPHS[name], stack.subgraphs[name].server.db.dataSource, { subjects: 15, now: TEST_NOW });
    }
    expect([await exportOf(0), await exportOf(13)]).toEqual(before);
  });

  it('is only written into an empty database on start', async () => {
    const profile = stack.subgraphs.profile.server.db.dataSource;
    expect(await seedIfEmpty(SUBGRAPHS.profile, profile, { subjects: 3, now: TEST_NOW })).toBe(false);
    const rows = await profile.query<Array<{ n: number | string }>>('SELECT COUNT(*) AS n FROM subject');
    expect(Number(rows[0].n)).toBe(15);
  });

  it('reseeding with fewer subjects leaves no orphan rows in any subgraph', async () => {
    for (const name of SUBGRAPH_NAMES) {
      await reseed(SUBGRAPHS[name], stack.subgraphs[name].server.db.dataSource, { subjects: 2, now: TEST_NOW });
    }
    const res = await stack.query<{ subjects: Array<{ id: string } | null> }>(
      `query($ids: [ID!]!) { subjects(ids: $ids) { id } }`,
      {
        ids: [demoId('subject', 1), demoId('subject', 2)],
      },
    );
    expect(res.data?.subjects).toEqual([{ id: demoId('subject', 1) }, null]);
    const billing = stack.subgraphs.billing.server.db.dataSource;
    const accounts = await billing.query<
      Array<{
        n: number | string;
      }>
    >('SELECT COUNT(*) AS n FROM billing_account');
    expect(Number(accounts[0].n)).toBe(2);
  });
});
