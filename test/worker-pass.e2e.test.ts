/**
 * The worker's pass over legs that cannot run costs one statement, however many there are, and
 * delays no leg that can: hundreds of email changes waiting for their code stand beside an
 * erasure whose billing leg failed, and the first pass after its retry is due completes it.
 * The worker is driven by hand here (its loop would run once an hour); `npm run bench` does the
 * same with 1,000.
 */
import { demoId } from '../common/demo/random';
import { setEnv } from './helpers/env';
import { ledgerOf } from './helpers/ledger';
import { rights } from './helpers/rights';
import { startStack, type Stack } from './helpers/stack';

const WAITING = 200;
const RETRY_MS = 800;

describe("the worker's pass", () => {
  let stack: Stack;
  let restoreEnv: () => void;
  beforeAll(async () => {
    restoreEnv = setEnv({
      // The loop's first pass runs at start; the next would be in an hour: this test runs the passes.
      REQUESTS_WORKER_INTERVAL_MS: '3600000',
      REQUESTS_RETRY_BASE_MS: String(RETRY_MS),
      REQUESTS_RETRY_MAX_MS: String(RETRY_MS),
      MAIL_WORKER_INTERVAL_MS: '3600000',
    });
    stack = await startStack({ subjects: 12 });
  });
  afterAll(async () => {
    await stack.stop();
    restoreEnv();
  });

  it(`over ${WAITING} email changes awaiting their code costs one statement and runs none of them`, async () => {
    const subjects = Array.from({ length: 12 }, (_, i) => demoId('subject', i));
    for (let i = 0; i < WAITING; i += 10)
      await Promise.all(
        Array.from({ length: 10 }, (_, k) =>
          rights(stack, 'rectifySubject', {
            subjectId: subjects[(i + k) % subjects.length],
            changes: { email: `waiting.${i + k}@example.org` },
          }).then((r) => expect(r.request?.status).toBe('RECEIVED')),
        ),
      );
    stack.resetCounters();
    await ledgerOf(stack).fanout.tick();
    expect(stack.sqlCounts()).toEqual({ profile: 0, sessions: 0, billing: 0, support: 0, requests: 1 });
  });

  it('takes the leg of an erasure that failed at its first pass after the retry is due, behind them all', async () => {
    const billing = stack.subgraphs.billing;
    const port = billing.listening.port;
    await billing.listening.close();
    const erased = await rights(stack, 'eraseSubject', { subjectId: demoId('subject', 4), reason: 'worker pass' });
    expect(erased.request?.status).toBe('IN_PROGRESS');
    expect(erased.request?.legs.find((l) => l.subgraph === 'billing')?.status).toBe('PENDING');
    billing.listening = await billing.server.listen(port);

    // Before the retry is due, the pass is still the one statement: nothing can run yet.
    stack.resetCounters();
    await ledgerOf(stack).fanout.tick();
    expect(stack.sqlCounts().requests).toBe(1);
    expect(stack.sqlCounts().billing).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, RETRY_MS + 50));
    await ledgerOf(stack).fanout.tick();
    const after = await stack.query<{ r: { status: string; waitingFor: unknown[] } }>(
      'query($id: ID!) { r: dataSubjectRequest(id: $id) { status waitingFor { reason } } }',
      { id: erased.request!.id },
    );
    expect(after.data?.r).toEqual({ status: 'COMPLETED', waitingFor: [] });
  });
});
