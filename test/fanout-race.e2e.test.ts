import { demoId } from '../common/demo/random';
import { rights } from './helpers/rights';
import { startStack, type Stack } from './helpers/stack';

/**
 * The mutation's own attempt and the retry worker race for the same legs. Whoever wins, the
 * mutation must wait for the leg rather than answer IN_PROGRESS while every subgraph is up.
 * A worker polling every 5 ms makes the race happen on most requests.
 */
describe('a mutation and the worker racing for the same legs', () => {
  let stack: Stack;
  const saved = process.env.REQUESTS_WORKER_INTERVAL_MS;
  beforeAll(async () => {
    process.env.REQUESTS_WORKER_INTERVAL_MS = '5';
    stack = await startStack({ subjects: 30 });
  });
  afterAll(async () => {
    await stack.stop();
    if (saved === undefined) delete process.env.REQUESTS_WORKER_INTERVAL_MS;
    else process.env.REQUESTS_WORKER_INTERVAL_MS = saved;
  });

  it('answers COMPLETED every time all subgraphs are up', async () => {
    const statuses: string[] = [];
    for (let i = 11; i < 29; i++) {
      const subjectId = demoId('subject', i);
      const restricted = await rights(stack, 'restrictProcessing', { subjectId, scope: 'RESEARCH', reason: 'race' });
      const rectified = await rights(stack, 'rectifySubject', { subjectId, changes: { phone: '+33 1 00 00 00 00' } });
      const erased = await rights(stack, 'eraseSubject', { subjectId });
      statuses.push(...[restricted, rectified, erased].map((r) => r.request?.status ?? JSON.stringify(r.errors)));
    }
    expect(statuses).toEqual(statuses.map(() => 'COMPLETED'));
  });
});
