/**
 * The desk's API: the ledger as a connection (filters in SQL before paging, a keyset cursor),
 * the audit log paged, statistics per type and month, the sweep's next steps; dpo views refused
 * to every other role. A real stack (SQLite, or MySQL with DB=mysql); rows written to the real ledger.
 */
import { demoId } from '../common/demo/random';
import { AuditEventEntity } from '../subgraphs/requests/ledger/entities/audit-event.entity';
import { RightsRequestEntity } from '../subgraphs/requests/ledger/entities/rights-request.entity';
import { newRequest } from '../subgraphs/requests/ledger/new-request';
import type { RequestStatus, RequestType } from '../subgraphs/requests/ledger/request.enums';
import { insertRows } from '../common/demo/insert';
import { OutboxMessageEntity } from '../subgraphs/requests/mail/entities/outbox-message.entity';
import { startStack, TEST_NOW, type GraphQLResponse, type Stack } from './helpers/stack';

const DAY = 86_400_000;
const TYPES: RequestType[] = ['ERASURE', 'RECTIFICATION', 'ACCESS', 'RESTRICTION', 'CONSENT'];
const STATUSES: RequestStatus[] = ['RECEIVED', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'REJECTED', 'AWAITING_REVIEW'];
const OPEN = ['RECEIVED', 'IN_PROGRESS', 'FAILED', 'AWAITING_REVIEW'];
const SUBJECT = (i: number) => demoId('desk-subject', i % 10);

interface Node {
  id: string;
}
interface Conn {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ cursor: string; node: Node }>;
  nodes: Node[];
}

/** A request of the desk's tests: submitted by the desk, for the i-th test subject. */
function deskRequest(f: {
  id: string;
  type: RequestType;
  i: number;
  status: RequestStatus;
  receivedAt: Date;
  dueAt: Date;
  now: Date;
}) {
  const { i, ...rest } = f;
  return newRequest({ ...rest, subjectId: SUBJECT(i), details: {}, reason: null, submittedBy: 'desk-test' });
}

let stack: Stack;
const ledger = () => stack.subgraphs.requests.server.db.dataSource;

beforeAll(async () => {
  stack = await startStack({ subjects: 3 });
  // 1,000 requests: every type and status, due dates around TEST_NOW with many ties (the cursor's tie-breaker).
  const rows = Array.from({ length: 1000 }, (_, i) => {
    const status = STATUSES[i % 6];
    const receivedAt = new Date(TEST_NOW.getTime() - ((i * 7) % 120) * DAY);
    const dueAt = new Date(TEST_NOW.getTime() + ((i % 41) - 20) * DAY);
    const now = new Date(receivedAt.getTime() + DAY);
    return deskRequest({ id: demoId('desk-request', i), type: TYPES[i % 5], i, status, receivedAt, dueAt, now });
  });
  await insertRows(ledger().manager, RightsRequestEntity, rows);
});
afterAll(() => stack.stop());

async function page(filter: Record<string, unknown>, first: number, after: string | null) {
  const res = await stack.query<{ dataSubjectRequests: Conn }>(
    `query($f: RequestFilter, $first: Int, $after: String, $asOf: DateTimeISO) {
      dataSubjectRequests(filter: $f, first: $first, after: $after, asOf: $asOf) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } nodes { id } } }`,
    { f: filter, first, after, asOf: TEST_NOW.toISOString() },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.dataSubjectRequests;
}

/** Every page of a filter, in order, and the totalCount each page gave. */
async function all(filter: Record<string, unknown>, first: number): Promise<{ ids: string[]; totals: Set<number> }> {
  const ids: string[] = [];
  const totals = new Set<number>();
  let after: string | null = null;
  for (;;) {
    const p = await page(filter, first, after);
    totals.add(p.totalCount);
    expect(p.nodes).toEqual(p.edges.map((e) => e.node));
    ids.push(...p.nodes.map((n) => n.id));
    if (!p.pageInfo.hasNextPage) break;
    after = p.pageInfo.endCursor;
  }
  return { ids, totals };
}

it('pages through 1,000 requests with first: 50, each exactly once, oldest due first', async () => {
  const rows = await ledger().getRepository(RightsRequestEntity).find();
  expect(rows.length).toBeGreaterThanOrEqual(1000);
  const { ids, totals } = await all({}, 50);
  expect(totals).toEqual(new Set([rows.length]));
  expect(ids).toHaveLength(rows.length);
  expect(new Set(ids).size).toBe(rows.length);
  const sorted = [...rows].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1));
  expect(ids).toEqual(sorted.map((r) => r.id));
});

it('applies every combination of filters before paging', async () => {
  const rows = await ledger().getRepository(RightsRequestEntity).find();
  const dueBefore = new Date(TEST_NOW.getTime() + 5 * DAY);
  const parts: Array<[string, unknown, (r: RightsRequestEntity) => boolean]> = [
    ['statuses', ['FAILED', 'RECEIVED'], (r) => ['FAILED', 'RECEIVED'].includes(r.status)],
    ['types', ['ERASURE', 'ACCESS'], (r) => ['ERASURE', 'ACCESS'].includes(r.type)],
    ['subjectId', SUBJECT(3), (r) => r.subjectId === SUBJECT(3)],
    ['dueBefore', dueBefore.toISOString(), (r) => r.dueAt < dueBefore],
    ['overdue', true, (r) => OPEN.includes(r.status) && r.dueAt < TEST_NOW],
    ['open', false, (r) => !OPEN.includes(r.status)],
  ];
  const order = (a: RightsRequestEntity, b: RightsRequestEntity) =>
    a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1);
  for (let mask = 1; mask < 1 << parts.length; mask++) {
    const chosen = parts.filter((_, i) => mask & (1 << i));
    const filter = Object.fromEntries(chosen.map(([k, v]) => [k, v]));
    const expected = rows.filter((r) => chosen.every(([, , keep]) => keep(r))).sort(order);
    const { ids, totals } = await all(filter, 200);
    expect({ filter, ids, totals: [...totals] }).toEqual({
      filter,
      ids: expected.map((r) => r.id),
      totals: [expected.length],
    });
  }
  // The opposites of the booleans too: overdue: false and open: true.
  const notLate = rows.filter((r) => !(OPEN.includes(r.status) && r.dueAt < TEST_NOW));
  expect((await page({ overdue: false }, 1, null)).totalCount).toBe(notLate.length);
  expect((await page({ open: true }, 1, null)).totalCount).toBe(rows.filter((r) => OPEN.includes(r.status)).length);
});

it('refuses a malformed cursor and a page above 200 with BAD_USER_INPUT, saying nothing of the input', async () => {
  for (const [first, after] of [
    [50, 'not a cursor!'],
    [50, Buffer.from('{"a":1}').toString('base64url')],
    [50, Buffer.from('["yesterday","x"]').toString('base64url')],
    [201, null],
    [0, null],
  ] as const) {
    const res = await stack.query(
      'query($first: Int, $after: String) { dataSubjectRequests(first: $first, after: $after) { totalCount } }',
      {
        first,
        after,
      },
    );
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0]?.message).not.toContain('yesterday');
  }
});

it('pages the audit log in its order, all of it or one request', async () => {
  const id = demoId('desk-request', 0);
  for (const months of [1, 1]) {
    const res = await stack.query(
      'mutation($id: ID!, $m: Int!) { extendDeadline(id: $id, months: $m, reason: "Complex request") { id } }',
      { id, m: months },
    );
    expect(res.errors).toBeUndefined();
  }
  const rows = await ledger()
    .getRepository(AuditEventEntity)
    .find({ order: { seq: 'ASC' } });
  const seqs: number[] = [];
  let after: string | null = null;
  for (;;) {
    const res: GraphQLResponse<{ auditEvents: { pageInfo: Conn['pageInfo']; nodes: Array<{ seq: number }> } }> =
      await stack.query(
        'query($after: String) { auditEvents(first: 7, after: $after) { pageInfo { hasNextPage endCursor } nodes { seq } } }',
        { after },
      );
    seqs.push(...res.data!.auditEvents.nodes.map((n) => n.seq));
    if (!res.data!.auditEvents.pageInfo.hasNextPage) break;
    after = res.data!.auditEvents.pageInfo.endCursor;
  }
  expect(seqs).toEqual(rows.map((r) => r.seq));
  const one = await stack.query<{
    auditEvents: { totalCount: number; nodes: Array<{ action: string; actor: string }> };
  }>('query($id: ID) { auditEvents(filter: { requestId: $id }) { totalCount nodes { action actor } } }', { id });
  expect(one.data!.auditEvents).toEqual({
    totalCount: 2,
    nodes: [
      { action: 'DEADLINE_EXTENDED', actor: 'test-dpo' },
      { action: 'DEADLINE_EXTENDED', actor: 'test-dpo' },
    ],
  });
});

/** A request received at `receivedAt`, due 30 days later, answered `takenMs` after it (null: not answered). */
function statRequest(
  id: string,
  i: number,
  type: RequestType,
  status: RequestStatus,
  receivedAt: Date,
  takenMs: number | null,
) {
  const dueAt = new Date(receivedAt.getTime() + 30 * DAY);
  const r = deskRequest({ id, type, i, status, receivedAt, dueAt, now: receivedAt });
  r.completedAt = takenMs === null ? null : new Date(receivedAt.getTime() + takenMs);
  return r;
}

it('counts requests per type and month, with the median and p95 days to answer', async () => {
  const at = (day: number) => new Date(Date.UTC(2020, 1, day));
  const made = (i: number, type: RequestType, status: RequestStatus, received: number, after: number | null) =>
    statRequest(demoId('desk-stat', i), i, type, status, at(received), after === null ? null : after * DAY);
  const rows = [
    made(1, 'ERASURE', 'COMPLETED', 1, 2),
    made(2, 'ERASURE', 'COMPLETED', 3, 4),
    made(3, 'ERASURE', 'COMPLETED', 5, 6),
    made(4, 'ERASURE', 'COMPLETED', 7, 40),
    made(5, 'ERASURE', 'REJECTED', 9, 1),
    made(6, 'ERASURE', 'IN_PROGRESS', 11, null),
    made(7, 'ACCESS', 'RECEIVED', 20, null),
    made(8, 'RETENTION', 'COMPLETED', 20, 1),
  ];
  rows[5].extendedMonths = 1;
  await insertRows(ledger().manager, RightsRequestEntity, rows);
  const res = await stack.query<{ requestStatistics: unknown[] }>(
    `{ requestStatistics(from: "2020-01-01T00:00:00Z", to: "2020-03-01T00:00:00Z", asOf: "2020-03-01T00:00:00Z") {
        type month received completed rejected extended overdue medianDaysToAnswer p95DaysToAnswer } }`,
  );
  expect(res.data!.requestStatistics).toEqual([
    {
      type: 'ACCESS',
      month: '2020-02',
      received: 1,
      completed: 0,
      rejected: 0,
      extended: 0,
      overdue: 0,
      medianDaysToAnswer: null,
      p95DaysToAnswer: null,
    },
    {
      type: 'ERASURE',
      month: '2020-02',
      received: 6,
      completed: 4,
      rejected: 1,
      extended: 1,
      // Answered on day 47 against a due day 37; still open on 1 March, due 12 March: not late.
      overdue: 1,
      medianDaysToAnswer: 4,
      p95DaysToAnswer: 40,
    },
  ]);
});

it('counts 1,200 requests in the database as it counted them in memory: month edges to the millisecond, answer times rounded half up to a tenth of a day', async () => {
  // 2021: no other request of this file is there. Received over four months, the first and last
  // milliseconds of each included; answered after whole and fractional days, half a tenth exactly
  // (4,320,000 ms: rounds up) and a millisecond less (rounds down); some late, some still open.
  const edges = [Date.UTC(2021, 2, 31, 23, 59, 59, 999), Date.UTC(2021, 3, 1), Date.UTC(2021, 4, 31, 23, 59, 59, 999)];
  const taken = [4_320_000, 4_319_999, 3 * DAY, 3 * DAY + 4_320_000, 29 * DAY + 1, 45 * DAY + 123, 0, 86_399_999];
  const types: RequestType[] = ['ERASURE', 'ACCESS', 'RECTIFICATION'];
  const statuses: RequestStatus[] = ['COMPLETED', 'REJECTED', 'COMPLETED', 'IN_PROGRESS', 'RECEIVED'];
  const rows = Array.from({ length: 1200 }, (_, i) => {
    const receivedAt = new Date(i < edges.length ? edges[i] : Date.UTC(2021, 2, 1) + ((i * 7_919_123) % (120 * DAY)));
    const status = statuses[i % statuses.length];
    const answered = status === 'COMPLETED' || status === 'REJECTED';
    const r = statRequest(
      demoId('desk-stat-many', i),
      i,
      types[i % 3],
      status,
      receivedAt,
      answered ? taken[i % 8] : null,
    );
    r.extendedMonths = i % 11 === 0 ? 1 : 0;
    return r;
  });
  await insertRows(ledger().manager, RightsRequestEntity, rows);
  const asOf = new Date(Date.UTC(2021, 5, 15));
  // The reference: every row in memory, as the resolver counted before.
  const nearest = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  type Counted = { type: RequestType; month: string; received: number; completed: number; rejected: number };
  const expected = new Map<string, Counted & { extended: number; overdue: number; times: number[] }>();
  for (const r of rows) {
    const month = r.receivedAt.toISOString().slice(0, 7);
    const key = `${month}|${r.type}`;
    const e = expected.get(key) ?? {
      ...{ type: r.type, month, received: 0, completed: 0, rejected: 0 },
      ...{ extended: 0, overdue: 0, times: [] },
    };
    expected.set(key, e);
    e.received++;
    if (r.status === 'COMPLETED') e.completed++;
    if (r.status === 'REJECTED') e.rejected++;
    if (r.extendedMonths > 0) e.extended++;
    if (r.completedAt ? r.completedAt > r.dueAt : OPEN.includes(r.status) && r.dueAt < asOf) e.overdue++;
    if (r.completedAt)
      e.times.push(Math.floor((r.completedAt.getTime() - r.receivedAt.getTime() + 4_320_000) / 8_640_000));
  }
  const want = [...expected.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, { times, ...e }]) => {
      const sorted = times.sort((a, b) => a - b);
      return {
        ...e,
        medianDaysToAnswer: sorted.length ? nearest(sorted, 0.5) / 10 : null,
        p95DaysToAnswer: sorted.length ? nearest(sorted, 0.95) / 10 : null,
      };
    });
  stack.resetCounters();
  const res = await stack.query<{ requestStatistics: Array<Record<string, unknown>> }>(
    `query($asOf: DateTimeISO) { requestStatistics(from: "2021-01-01T00:00:00Z", to: "2022-01-01T00:00:00Z", asOf: $asOf) {
        type month received completed rejected extended overdue medianDaysToAnswer p95DaysToAnswer } }`,
    { asOf: asOf.toISOString() },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data!.requestStatistics).toEqual(want);
  // The edges landed where their UTC month says, and the half tenths were both counted.
  expect(want.map((w) => w.month)).toEqual(expect.arrayContaining(['2021-03', '2021-04', '2021-05', '2021-06']));
  expect(res.data!.requestStatistics.reduce((n, s) => n + (s.received as number), 0)).toBe(1200);
  // Counted by the database: one statement, whatever the number of requests.
  expect(stack.sqlCounts().requests).toBe(1);
});

it('lists what the sweep will do next: a warned account erased on its due date, before `before` only', async () => {
  const subjectId = SUBJECT(7);
  const dueAt = new Date(TEST_NOW.getTime() + 20 * DAY);
  const warning = newRequest({
    id: demoId('desk-warning', 1),
    type: 'INACTIVITY',
    subjectId,
    status: 'RECEIVED',
    details: {},
    reason: null,
    submittedBy: 'desk-test',
    receivedAt: TEST_NOW,
    dueAt,
    now: TEST_NOW,
    liveKind: 'INACTIVITY',
  });
  await insertRows(ledger().manager, RightsRequestEntity, [warning]);
  const q =
    'query($b: DateTimeISO!, $s: ID) { upcomingLifecycleEvents(before: $b, subjectId: $s) { kind subjectId at requestId } }';
  const later = await stack.query(q, { b: new Date(dueAt.getTime() + DAY).toISOString(), s: subjectId });
  expect(later.data).toEqual({
    upcomingLifecycleEvents: [
      { kind: 'INACTIVITY_ERASURE', subjectId, at: dueAt.toISOString(), requestId: warning.id },
    ],
  });
  const sooner = await stack.query(q, { b: dueAt.toISOString(), s: subjectId });
  expect(sooner.data).toEqual({ upcomingLifecycleEvents: [] });
});

it('refuses every dpo view to every other role (FORBIDDEN)', async () => {
  const views = [
    '{ dataSubjectRequests { totalCount } }',
    '{ auditEvents { totalCount } }',
    '{ requestStatistics(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z") { month } }',
    '{ upcomingLifecycleEvents(before: "2027-01-01T00:00:00Z") { at } }',
    '{ accessLog { totalCount } }',
    '{ legalHolds { totalCount } }',
    '{ retentionRuns { totalCount } }',
    '{ outboxMessages { totalCount } }',
  ];
  for (const role of ['support', 'tech', 'mentor', 'subject'] as const)
    for (const view of views) {
      const res = await stack.query(view, {}, { role, subjectId: SUBJECT(1), mentorId: SUBJECT(2) });
      expect({ role, view, codes: res.errors?.map((e) => e.extensions?.code) }).toEqual({
        role,
        view,
        codes: ['FORBIDDEN'],
      });
    }
  // A subject reads their own requests, no one else's.
  const own = await stack.query<{ dataSubjectRequests: { totalCount: number } }>(
    'query($s: ID) { dataSubjectRequests(filter: { subjectId: $s }) { totalCount } }',
    { s: SUBJECT(1) },
    { role: 'subject', subjectId: SUBJECT(1) },
  );
  const held = await ledger()
    .getRepository(RightsRequestEntity)
    .countBy({ subjectId: SUBJECT(1) });
  expect(own.data!.dataSubjectRequests.totalCount).toBe(held);
  expect(held).toBeGreaterThanOrEqual(100);
});

it('pages the access log, the outbox, the holds and the sweeps: small pages add up to the whole list', async () => {
  // Something in each: a sweep run, a hold placed (the audit and outbox grow with them).
  const sweep = await stack.query('mutation { runRetention(asOf: "2026-10-31") { id } }');
  expect(sweep.errors).toBeUndefined();
  const hold = await stack.query(
    'mutation($s: ID!) { placeLegalHold(input: { subjectId: $s, reason: "Dispute" }) { id } }',
    { s: demoId('subject', 1) },
  );
  expect(hold.errors).toBeUndefined();
  await insertRows(
    ledger().manager,
    OutboxMessageEntity,
    [0, 1, 2].map((i) => ({
      id: demoId('desk-mail', i),
      requestId: null,
      subjectId: SUBJECT(i),
      recipient: `person.${i}@example.org`,
      kind: 'REQUEST_RECEIVED',
      language: 'en',
      subject: 'We received your request',
      body: 'Hello',
      status: i === 0 ? 'FAILED' : 'SENT',
      attempts: 1,
      nextAttemptAt: TEST_NOW,
      claimedUntil: null,
      lastError: i === 0 ? '550 mailbox unavailable' : null,
      // Two at the same instant: the tie-breaker orders them.
      createdAt: new Date(TEST_NOW.getTime() - (i === 2 ? 1 : i) * DAY),
      sentAt: i === 0 ? null : TEST_NOW,
      providerMessageId: null,
    })),
  );
  for (let i = 0; i < 3; i++)
    await stack.query(
      'query($s: ID!) { subject(id: $s) { fullName } }',
      { s: demoId('subject', i) },
      { role: 'support' },
    );
  const lists: Array<[string, string]> = [
    ['accessLog', 'id: at principal subjectId'],
    ['outboxMessages', 'id'],
    ['legalHolds', 'id'],
    ['retentionRuns', 'id'],
  ];
  for (const [field, fields] of lists) {
    const read = (first: number, after: string | null) =>
      stack.query<
        Record<string, { totalCount: number; pageInfo: Conn['pageInfo']; nodes: Array<Record<string, string>> }>
      >(
        `query($first: Int, $after: String) { ${field}(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${fields} } } }`,
        { first, after },
      );
    const whole = (await read(200, null)).data![field];
    expect({ field, some: whole.totalCount > 0 }).toEqual({ field, some: true });
    const paged: Array<Record<string, string>> = [];
    let after: string | null = null;
    for (;;) {
      const p: { totalCount: number; pageInfo: Conn['pageInfo']; nodes: Array<Record<string, string>> } = (
        await read(2, after)
      ).data![field];
      expect(p.totalCount).toBe(whole.totalCount);
      paged.push(...p.nodes);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect({ field, paged }).toEqual({ field, paged: whole.nodes });
  }
});
