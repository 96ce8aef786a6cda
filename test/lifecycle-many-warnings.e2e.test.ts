import { POLICIES } from '../policies';
import { daysBefore, longInactiveAdults, today } from './helpers/lifecycle';
import { ledgerOf as runtimeOf } from './helpers/ledger';
import { waitForRun } from './helpers/retention';
import { db } from './helpers/snapshot';
import { startStack, type Stack } from './helpers/stack';

/** More running warnings than one contract query takes (profile answers at most 1000 ids). */
const WARNED = 1050;

/**
 * The day after a first sweep warned more than a thousand accounts, the next sweep looks at every
 * running warning (was there activity since? is one 60 days old?). It asks profile for their
 * activity, which answers at most 1000 ids a call: the sweep must page, or every sweep from that
 * day on fails and nobody warned is ever erased or cancelled.
 */
describe('a sweep with more than 1000 running inactivity warnings (veloraqenvi)', () => {
  let stack: Stack;
  const firstDay = daysBefore(today(), 'P10D');
  const nextDay = daysBefore(today(), 'P9D');

  beforeAll(async () => {
    stack = await startStack({ subjects: WARNED + 100, policy: POLICIES.veloraqenvi });
  }, 120_000);
  afterAll(() => stack.stop());

  const openWarnings = async (): Promise<string[]> =>
    (
      await db(stack, 'requests').query<Array<{ subject_id: string }>>(
        "SELECT subject_id FROM rights_request WHERE type = 'INACTIVITY' AND status NOT IN ('COMPLETED', 'REJECTED') ORDER BY subject_id",
      )
    ).map((r) => r.subject_id);

  it('V18: a sweep the day after 1050 warnings completes, and leaves each of them running, none twice', async () => {
    const adults = await longInactiveAdults(stack, WARNED, firstDay);

    const first = await runtimeOf(stack).retention.start(firstDay, 'schedule', null, false);
    await waitForRun(stack, first!, ['COMPLETED'], 300_000);
    const warned = await openWarnings();
    expect(warned.length).toBeGreaterThanOrEqual(WARNED);
    expect(adults.filter((id) => !warned.includes(id))).toEqual([]);

    const second = await runtimeOf(stack).retention.start(nextDay, 'schedule', null, false);
    const run = await waitForRun(stack, second!, ['COMPLETED', 'FAILED'], 300_000);
    expect(run.status).toBe('COMPLETED');
    expect(run.legs.map((l) => l.status)).toEqual(run.legs.map(() => 'DONE'));
    // Nobody signed in meanwhile and no warning is 60 days old: every one still runs, and the
    // sweep warned nobody a second time.
    expect(await openWarnings()).toEqual(warned);
  }, 600_000);
});
