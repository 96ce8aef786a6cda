/**
 * The privacy contract under concurrent writers on MySQL (issue 19): with no process lock there,
 * erasures and sweeps run side by side in a data subgraph (legs from several `requests`
 * replicas, or one replica's worker window), and InnoDB may pick one of them as a deadlock
 * victim. Such a transaction is rolled back whole and must run again, not answer an internal
 * error that sends its leg to the retry queue. DB=mysql only: SQLite queues its writers.
 */
import { randomUUID } from 'node:crypto';
import { demoId } from '../common/demo/random';
import { lockSubject } from '../common/privacy-contract/contract-lock';
import { secretKey, signInternalToken } from '../common/internal-token';
import { postGraphQL, startStack, type Stack } from './helpers/stack';

const describeOnMysql = process.env.DB === 'mysql' ? describe : describe.skip;
const SUBJECTS = 90;
const ERASE = 'mutation($s: ID!, $r: ID!) { privacyErase(subjectId: $s, requestId: $r, dryRun: false) { outcome } }';
const RECTIFY =
  'mutation($s: ID!, $r: ID!, $c: RectificationChanges!) { privacyRectify(subjectId: $s, requestId: $r, changes: $c) { outcome } }';
const RETAIN = 'mutation($r: ID!, $a: DateTimeISO!) { privacyRetain(runId: $r, asOf: $a, dryRun: false) { outcome } }';

describeOnMysql('erasures and sweeps at once in one data subgraph', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: SUBJECTS });
  }, 120_000);
  afterAll(() => stack?.stop());

  const call = async (name: 'sessions' | 'billing' | 'profile', query: string, variables: Record<string, unknown>) => {
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

  it("profile: a rectification waits for the subject's lock, then sees the erasure committed meanwhile and changes nothing", async () => {
    // An erasure in flight holds the subject's row of contract_lock (decision 360): taken here by
    // hand, in a transaction that records the erasure before it commits.
    const subjectId = demoId('subject', 60);
    const ds = stack.subgraphs.profile.server.db.dataSource;
    const held = ds.createQueryRunner();
    await held.connect();
    await held.startTransaction();
    await lockSubject(held.manager, subjectId);
    let answered = false;
    const rectified = call('profile', RECTIFY, {
      s: subjectId,
      r: randomUUID(),
      c: { fullName: 'Written Back' },
    }).finally(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The rectification has not run: it waits for the lock.
    expect(answered).toBe(false);
    await held.query(
      "INSERT INTO privacy_operation (request_id, operation, subject_id, receipt, done_at) VALUES (?, 'erase', ?, '{}', NOW(3))",
      [randomUUID(), subjectId],
    );
    await held.commitTransaction();
    await held.release();
    // Its snapshot was taken after the lock: it sees the erasure and writes nothing back.
    expect(await rectified).toBe('SUBJECT_ERASED');
    const [row] = await ds.query<Array<{ name: string | null }>>('SELECT full_name AS name FROM subject WHERE id = ?', [
      subjectId,
    ]);
    expect(row.name).not.toBe('Written Back');
  });
});
