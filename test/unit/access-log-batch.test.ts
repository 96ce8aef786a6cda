import { AsyncLocalStorage } from 'node:async_hooks';
import { GroupCommit } from '../../gateway/access-log.batch';

/**
 * The access log's group commits (gateway/access-log.batch.ts, decision 300): a write alone is
 * sent at once; writes arriving while the slots are taken go together when one frees; each write
 * settles with its own batch.
 */

interface Sent {
  items: readonly string[];
  context: string | undefined;
  commit(): void;
  fail(error: Error): void;
}

const scope = new AsyncLocalStorage<string>();

function harness(maxInFlight = 1, maxItems = 10) {
  const sent: Sent[] = [];
  const group = new GroupCommit<string>({
    maxInFlight,
    maxItems,
    send: (items) =>
      new Promise<void>((resolve, reject) => {
        sent.push({ items, context: scope.getStore(), commit: resolve, fail: reject });
      }),
  });
  return { group, sent };
}

/** Lets every promise callback already due run (a batch's outcome, the next batch's start). */
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Settles a promise's state without waiting for it: 'pending', 'ok' or the error's message. */
async function state(p: Promise<void>): Promise<string> {
  const marker = Symbol('pending');
  const r = await Promise.race([
    p.then(
      () => 'ok',
      (e: Error) => e.message,
    ),
    new Promise<symbol>((resolve) => setImmediate(() => resolve(marker))),
  ]);
  return r === marker ? 'pending' : (r as string);
}

describe('group commits of the access log', () => {
  it('sends a write alone at once, with nothing to wait for', async () => {
    const { group, sent } = harness();
    const w = group.write(['a1', 'a2']);
    // Synchronously: no timer, no tick between the request's answer and its POST.
    expect(sent.map((s) => s.items)).toEqual([['a1', 'a2']]);
    expect(await state(w)).toBe('pending');
    sent[0].commit();
    expect(await state(w)).toBe('ok');
  });

  it('queues the writes that arrive while one is in flight and sends them together when it returns', async () => {
    const { group, sent } = harness();
    const first = group.write(['a']);
    const queued = [group.write(['b']), group.write(['c1', 'c2']), group.write(['d'])];
    expect(sent).toHaveLength(1);
    expect(group.queued).toBe(3);
    sent[0].commit();
    expect(await state(first)).toBe('ok');
    expect(sent.map((s) => s.items)).toEqual([['a'], ['b', 'c1', 'c2', 'd']]);
    // Not answered before their own batch is committed.
    expect(await Promise.all(queued.map(state))).toEqual(['pending', 'pending', 'pending']);
    sent[1].commit();
    expect(await Promise.all(queued.map(state))).toEqual(['ok', 'ok', 'ok']);
    // Idle again: the next write goes at once.
    void group.write(['e']);
    expect(sent).toHaveLength(3);
  });

  it('fails every write of a failed batch, and only those', async () => {
    const { group, sent } = harness();
    const first = group.write(['a']);
    const second = [group.write(['b']), group.write(['c'])];
    sent[0].commit();
    await state(first);
    const third = group.write(['d']);
    sent[1].fail(new Error('access log answered 500'));
    expect(await Promise.all(second.map(state))).toEqual(['access log answered 500', 'access log answered 500']);
    expect(sent[2].items).toEqual(['d']);
    sent[2].commit();
    expect(await state(third)).toBe('ok');
    expect(await state(first)).toBe('ok');
  });

  it('fails the writes of a batch whose send throws at once', async () => {
    const group = new GroupCommit<string>({
      maxInFlight: 1,
      maxItems: 10,
      send: () => {
        throw new Error('no url');
      },
    });
    expect(await state(group.write(['a']))).toBe('no url');
    expect(await state(group.write(['b']))).toBe('no url');
  });

  it('caps a batch at maxItems without splitting a write: a larger write goes alone', async () => {
    const { group, sent } = harness(1, 4);
    void group.write(['a']);
    for (const w of [['b1', 'b2'], ['c1', 'c2'], ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'], ['e']]) void group.write(w);
    for (let i = 0; i < 4; i += 1) {
      sent[i].commit();
      await settled();
    }
    expect(sent.map((s) => s.items)).toEqual([
      ['a'],
      ['b1', 'b2', 'c1', 'c2'],
      ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'],
      ['e'],
    ]);
  });

  it('with two in flight, sends two at once and groups the rest behind whichever returns first', async () => {
    const { group, sent } = harness(2);
    void group.write(['a']);
    void group.write(['b']);
    void group.write(['c']);
    void group.write(['d']);
    expect(sent.map((s) => s.items)).toEqual([['a'], ['b']]);
    sent[1].commit();
    await settled();
    expect(sent.map((s) => s.items)).toEqual([['a'], ['b'], ['c', 'd']]);
  });

  it('sends a queued batch in the async context of its first write (its log scope and trace)', async () => {
    const { group, sent } = harness();
    void scope.run('request-1', () => group.write(['a']));
    void scope.run('request-2', () => group.write(['b']));
    void scope.run('request-3', () => group.write(['c']));
    await scope.run('request-4', async () => {
      sent[0].commit();
      await settled();
    });
    expect(sent.map((s) => [s.items, s.context])).toEqual([
      [['a'], 'request-1'],
      [['b', 'c'], 'request-2'],
    ]);
  });
});
