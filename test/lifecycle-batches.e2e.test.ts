import { demoId } from '../common/demo/random';
import { POLICIES } from '../policies';
import { daysBefore, ledgerOf, longInactiveAdults, subjectStatus, today } from './helpers/lifecycle';
import { ledgerOf as runtimeOf } from './helpers/ledger';
import { sweepAndWait, waitForRun } from './helpers/retention';
import { waitForStatus } from './helpers/rights';
import { db } from './helpers/snapshot';
import { startStack, type Stack } from './helpers/stack';

const WARNED = 500;

/**
 * Lifecycle events are batched, never capped (issue 19): on the day a minor's erasure is due, the
 * same sweep also has 500 accounts to warn for inactivity. Every one of them is warned that day,
 * and the minor is erased that day too, not a day later behind them.
 */
describe('a sweep with 500 inactivity warnings to give and a minor to erase (veloraqenvi)', () => {
  let stack: Stack;
  const minor = demoId('subject', 3); // 15 in the demo population
  const contactedOn = daysBefore(today(), 'P40D');
  const dueOn = daysBefore(contactedOn, 'P0D', 30);

  beforeAll(async () => {
    stack = await startStack({ subjects: WARNED + 20, policy: POLICIES.veloraqenvi });
  });
  afterAll(() => stack.stop());

  it('V24 V18: 500 pending inactivity warnings delay no minor past the day its erasure is due', async () => {
    await sweepAndWait(stack, contactedOn);
    expect((await ledgerOf(stack, minor)).map((r) => r.type)).toEqual(['MINOR']);

    // 500 adults whose sign-in and every visit are 37 months before the day the minor is due.
    const adults = await longInactiveAdults(stack, WARNED, dueOn, [minor]);

    // As the daily schedule starts it (through the gateway, the mutation would wait on 500 warnings).
    const runId = await runtimeOf(stack).retention.start(dueOn, 'schedule', null, false);
    await waitForRun(stack, runId!, ['COMPLETED'], 300_000);

    const erasure = (await ledgerOf(stack, minor)).find((r) => r.type === 'ERASURE');
    expect(erasure?.submitted_by).toBe('lifecycle');
    await waitForStatus(stack, erasure!.id, ['COMPLETED']);
    expect(await subjectStatus(stack, minor)).toBe('ERASED');

    const warned = await db(stack, 'requests').query<Array<{ subject_id: string }>>(
      "SELECT subject_id FROM rights_request WHERE type = 'INACTIVITY' AND submitted_by = 'lifecycle'",
    );
    const warnedIds = new Set(warned.map((w) => w.subject_id));
    expect(adults.filter((id) => !warnedIds.has(id))).toEqual([]);
  });
});
