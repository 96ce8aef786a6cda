import { POLICIES } from '../policies';
import { OPEN_STATUSES } from '../subgraphs/requests/ledger/request.enums';
import { daysBefore, longInactiveAdults, today } from './helpers/lifecycle';
import { ledgerOf as runtimeOf } from './helpers/ledger';
import { waitForRun } from './helpers/retention';
import { db } from './helpers/snapshot';
import { startStack, type GraphQLResponse, type Stack } from './helpers/stack';

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

  it('lists the running warnings a bounded page at a time, the look ahead its soonest events, the watchdog its candidates (decisions 330 and 332)', async () => {
    const warned = await openWarnings();
    expect(warned.length).toBeGreaterThanOrEqual(WARNED);

    interface Listed {
      subjectId: string;
      asOf: string;
    }
    const list = await stack.query<{ w: Listed[] }>('{ w: inactivityWarnings { subjectId asOf } }');
    expect(list.errors).toBeUndefined();
    // The 100 oldest of them, not every one.
    expect(list.data!.w).toHaveLength(100);
    expect(new Set(list.data!.w.map((w) => w.subjectId)).size).toBe(100);
    for (const w of list.data!.w) expect(warned).toContain(w.subjectId);
    const few = await stack.query<{ w: Listed[] }>('{ w: inactivityWarnings(limit: 3) { subjectId asOf } }');
    expect(few.data!.w).toEqual(list.data!.w.slice(0, 3));

    // Every one, a page at a time, through the connection the issue's desk already reads.
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      interface Page {
        r: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Listed[] };
      }
      const page: GraphQLResponse<Page> = await stack.query<Page>(
        `query($after: String) { r: dataSubjectRequests(first: 50, after: $after, filter: { types: [INACTIVITY], open: true }) {
          totalCount pageInfo { hasNextPage endCursor } nodes { subjectId asOf } } }`,
        { after },
      );
      expect(page.errors).toBeUndefined();
      expect(page.data!.r.totalCount).toBe(warned.length);
      seen.push(...page.data!.r.nodes.map((n) => n.subjectId));
      if (!page.data!.r.pageInfo.hasNextPage) break;
      after = page.data!.r.pageInfo.endCursor;
    }
    expect([...seen].sort()).toEqual(warned);

    // Every warning's erasure is due within 60 days (the population's closures and minors too):
    // the look ahead answers the soonest, bounded, and the soonest 50 are the first 50 of 100.
    const horizon = new Date(Date.parse(`${nextDay}T00:00:00Z`) + 90 * 86_400_000).toISOString();
    interface Upcoming {
      kind: string;
      at: string;
      subjectId: string;
      requestId: string;
    }
    const upcoming = (limit: number) =>
      stack.query<{ u: Upcoming[] }>(
        'query($b: DateTimeISO!, $l: Int) { u: upcomingLifecycleEvents(before: $b, limit: $l) { kind at subjectId requestId } }',
        { b: horizon, l: limit },
      );
    const [fifty, hundred] = [await upcoming(50), await upcoming(100)];
    expect(fifty.errors).toBeUndefined();
    expect(fifty.data!.u).toHaveLength(50);
    expect(hundred.data!.u).toHaveLength(100);
    expect(fifty.data!.u).toEqual(hundred.data!.u.slice(0, 50));
    const times = hundred.data!.u.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const warnedErasures = hundred.data!.u.filter((e) => e.kind === 'INACTIVITY_ERASURE');
    expect(warnedErasures.length).toBeGreaterThan(0);
    for (const e of warnedErasures) expect(warned).toContain(e.subjectId);

    // The watchdog judges the open requests a page of 500 at a time (decision 332): all 1,050
    // warnings are candidates (open for days), none is stalled (each waits for a date).
    const stalled = await stack.query<{ s: Array<{ id: string; type: string }> }>('{ s: stalledRequests { id type } }');
    expect(stalled.errors).toBeUndefined();
    expect(stalled.data!.s.filter((r) => r.type === 'INACTIVITY')).toEqual([]);
    // Its pages, read as it reads them, hold every open request once, in order, ties of the same
    // instant (a sweep warns many at once) included.
    const { store } = runtimeOf(stack).ledger;
    const now = new Date();
    const read: string[] = [];
    for (let after: { receivedAt: Date; id: string } | null = null; ;) {
      const page = await store.openReceivedBefore(now, now, { after, take: 500 });
      read.push(...page.map((r) => r.id));
      if (page.length < 500) break;
      after = { receivedAt: page[page.length - 1].receivedAt, id: page[page.length - 1].id };
    }
    // (No request of this population waits for an emailed confirmation.)
    const [{ n: open }] = await db(stack, 'requests').query<Array<{ n: number | string }>>(
      `SELECT COUNT(*) AS n FROM rights_request WHERE status IN (${OPEN_STATUSES.map((st) => `'${st}'`).join(', ')})`,
    );
    expect(new Set(read).size).toBe(read.length);
    expect(read.length).toBe(Number(open));
    expect(read.length).toBeGreaterThan(1000);

    for (const bad of [0, 101]) {
      const refused = await stack.query(`{ inactivityWarnings(limit: ${bad}) { subjectId } }`);
      expect(refused.data).toBeNull();
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const refusedAhead = await stack.query(`{ upcomingLifecycleEvents(before: "${horizon}", limit: ${bad}) { at } }`);
      expect(refusedAhead.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  }, 120_000);
});
