import { randomUUID } from 'node:crypto';
import { demoId } from '../common/demo/random';
import { IdempotencyKeyEntity } from '../subgraphs/requests/ledger/entities/idempotency-key.entity';
import { line, sweepAndWait } from './helpers/retention';
import { rights } from './helpers/rights';
import { db } from './helpers/snapshot';
import { startStack, type Stack } from './helpers/stack';

/**
 * Idempotent submission (issue 19): a client sends `Idempotency-Key` with a rights mutation; the
 * same key from the same caller answers with the first request instead of recording another,
 * however often and however close together it is sent. Through the real gateway.
 */
describe('rights mutations with an Idempotency-Key', () => {
  let stack: Stack;
  const subjectId = demoId('subject', 4);
  beforeAll(async () => {
    stack = await startStack({ subjects: 12 });
  });
  afterAll(() => stack.stop());

  async function rectifications(): Promise<number> {
    const [row] = await db(stack, 'requests').query<Array<{ n: number | string }>>(
      "SELECT COUNT(*) AS n FROM rights_request WHERE subject_id = ? AND type = 'RECTIFICATION'",
      [subjectId],
    );
    return Number(row.n);
  }
  const rectify = (phone: string, key?: string, sub = 'dpo-anna') =>
    rights(
      stack,
      'rectifySubject',
      { subjectId, changes: { phone } },
      { role: 'dpo', sub, headers: key === undefined ? {} : { 'Idempotency-Key': key } },
    );

  it('the same key, sent again or twice at once, answers with the first request and records one', async () => {
    const before = await rectifications();
    const key = randomUUID();
    const first = await rectify('+33 1 11 11 11 11', key);
    expect(first.errors).toBeUndefined();
    const again = await rectify('+33 1 11 11 11 11', key);
    expect(again.request?.id).toBe(first.request!.id);
    expect(await rectifications()).toBe(before + 1);

    // A client that retried before its first answer came: both in flight, one request.
    const racing = randomUUID();
    const answers = await Promise.all([1, 2, 3].map(() => rectify('+33 1 22 22 22 22', racing)));
    expect(answers.map((a) => a.errors)).toEqual([undefined, undefined, undefined]);
    expect(new Set(answers.map((a) => a.request!.id)).size).toBe(1);
    expect(await rectifications()).toBe(before + 2);
  });

  it('another body with the same key is refused with IDEMPOTENCY_KEY_REUSED, and nothing is recorded', async () => {
    const key = randomUUID();
    await rectify('+33 1 33 33 33 33', key);
    const before = await rectifications();
    const other = await rectify('+33 1 44 44 44 44', key);
    expect(other.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(JSON.stringify(other.errors)).not.toContain('44 44');
    expect(await rectifications()).toBe(before);
  });

  it('a key is the caller own: the same key from another caller records its own request', async () => {
    const key = randomUUID();
    const mine = await rectify('+33 1 55 55 55 55', key, 'dpo-anna');
    const theirs = await rectify('+33 1 55 55 55 55', key, 'dpo-bruno');
    expect(theirs.errors).toBeUndefined();
    expect(theirs.request!.id).not.toBe(mine.request!.id);
  });

  it('without a key nothing changes: each call records its request; a bad key is refused and records nothing', async () => {
    const before = await rectifications();
    await rectify('+33 1 66 66 66 66');
    await rectify('+33 1 66 66 66 66');
    expect(await rectifications()).toBe(before + 2);
    const bad = await rectify('+33 1 77 77 77 77', 'x'.repeat(300));
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await rectifications()).toBe(before + 2);
  });
  it('a key past its day is deleted by the sweep; a key of the last day stays and still answers', async () => {
    const [old, recent] = [randomUUID(), randomUUID()];
    const first = await rectify('+33 1 33 33 33 33', old);
    const second = await rectify('+33 1 44 44 44 44', recent);
    const requests = db(stack, 'requests');
    // Aged through the entity, so each driver writes the date its own way.
    const age = (requestId: string, hours: number) =>
      requests
        .getRepository(IdempotencyKeyEntity)
        .update({ requestId }, { createdAt: new Date(Date.now() - hours * 3600_000) });
    await age(first.request!.id, 49);
    await age(second.request!.id, 1);
    const run = await sweepAndWait(stack, null);
    expect(line(run, 'requests', 'idempotency-keys', 'IdempotencyKey').deleted).toBeGreaterThanOrEqual(1);
    const kept = await requests.query<Array<{ request_id: string }>>('SELECT request_id FROM idempotency_key');
    expect(kept.map((k) => k.request_id)).toContain(second.request!.id);
    expect(kept.map((k) => k.request_id)).not.toContain(first.request!.id);
    expect((await rectify('+33 1 44 44 44 44', recent)).request?.id).toBe(second.request!.id);
  });
});
