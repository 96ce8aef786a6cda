import { demoId } from '../common/demo/random';
import { POLICIES } from '../policies';
import { ACTIVITY } from '../subgraphs/sessions/sessions.retention.store';
import { daysBefore, ledgerOf, subjectStatus, today } from './helpers/lifecycle';
import { ledgerOf as runtimeOf } from './helpers/ledger';
import { sweepAndWait, waitForRun } from './helpers/retention';
import { waitForStatus } from './helpers/rights';
import { db } from './helpers/snapshot';
import { startStack, type Stack } from './helpers/stack';

const WARNED = 500;
const sql = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

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

    // 500 adults (born 40 years back) whose last sign-in is 37 months before the day the minor is due.
    const profile = db(stack, 'profile');
    const adults = await profile.query<Array<{ id: string }>>(
      'SELECT id FROM subject WHERE id <> ? AND status = ? ORDER BY id LIMIT ?',
      [minor, 'ACTIVE', WARNED],
    );
    expect(adults).toHaveLength(WARNED);
    const longAgo = new Date(Date.parse(`${dueOn}T00:00:00Z`) - 37 * 31 * 24 * 3600_000);
    const born = `${Number(dueOn.slice(0, 4)) - 40}${dueOn.slice(4)}`;
    for (let i = 0; i < adults.length; i += 100) {
      const ids = adults.slice(i, i + 100).map((a) => a.id);
      await profile.query(
        `UPDATE subject SET last_login_at = ?, birth_date = ? WHERE id IN (${ids.map(() => '?').join(',')})`,
        [sql(longAgo), born, ...ids],
      );
      // Activity is any visit the services record, not only a sign-in: their visits as long ago.
      for (const [table, at] of ACTIVITY)
        await db(stack, 'sessions').query(
          `UPDATE ${table} SET ${at} = ? WHERE subject_id IN (${ids.map(() => '?').join(',')})`,
          [sql(longAgo), ...ids],
        );
    }

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
    expect(adults.filter((a) => !warnedIds.has(a.id))).toEqual([]);
  });
});
