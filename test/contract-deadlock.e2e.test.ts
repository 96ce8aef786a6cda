/**
 * The privacy contract under concurrent writers on MySQL (issue 19): with no process lock there,
 * erasures and sweeps run side by side in a data subgraph (legs from several `requests`
 * replicas, or one replica's worker window), and InnoDB may pick one of them as a deadlock
 * victim. Such a transaction is rolled back whole and must run again, not answer an internal
 * error that sends its leg to the retry queue. DB=mysql only: SQLite queues its writers.
 */
import { randomUUID } from 'node:crypto';
import { demoId } from '../common/demo/random';
import { secretKey, signInternalToken } from '../common/internal-token';
import { postGraphQL, startStack, type Stack } from './helpers/stack';

const describeOnMysql = process.env.DB === 'mysql' ? describe : describe.skip;
const SUBJECTS = 90;
const ERASE = 'mutation($s: ID!, $r: ID!) { privacyErase(subjectId: $s, requestId: $r, dryRun: false) { outcome } }';
const RETAIN = 'mutation($r: ID!, $a: DateTimeISO!) { privacyRetain(runId: $r, asOf: $a, dryRun: false) { outcome } }';

describeOnMysql('erasures and sweeps at once in one data subgraph', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: SUBJECTS });
  }, 120_000);
  afterAll(() => stack?.stop());

  const call = async (name: 'sessions' | 'billing', query: string, variables: Record<string, unknown>) => {
    const key = secretKey(stack.secrets.internal, 'INTERNAL_TOKEN_SECRET');
    const token = await signInternalToken(key, name, {
      principal: { sub: 'requests-service', roles: ['requests'] },
      requestId: randomUUID(),
    });
    const res = await postGraphQL<Record<string, { outcome: string }>>(
      `${stack.subgraphs[name].listening.url}/graphql`,
      query,
      variables,
      { authorization: `Bearer ${token}` },
    );
    return res.errors ? JSON.stringify(res.errors) : Object.values(res.data ?? {})[0]?.outcome;
  };

  it.each(['sessions', 'billing'] as const)('%s: every operation answers APPLIED, none an error', async (name) => {
    const work: Array<Promise<string | undefined>> = [];
    for (let i = 10; i < SUBJECTS; i += 1) {
      work.push(call(name, ERASE, { s: demoId('subject', i), r: randomUUID() }));
      // A sweep far ahead, so that every rule has records due, every twentieth erasure.
      if (i % 20 === 0) work.push(call(name, RETAIN, { r: randomUUID(), a: `20${40 + i / 20}-01-01T00:00:00.000Z` }));
    }
    const outcomes = await Promise.all(work);
    expect(outcomes.filter((o) => o !== 'APPLIED')).toEqual([]);
  });

  it('one request id asked twice at once (a retry while the first call still runs) answers its one receipt twice', async () => {
    const requestId = randomUUID();
    const both = await Promise.all(
      [1, 2, 3].map(() => call('sessions', ERASE, { s: demoId('subject', 4), r: requestId })),
    );
    expect(both).toEqual(['APPLIED', 'APPLIED', 'APPLIED']);
  });
});
