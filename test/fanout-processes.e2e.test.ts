/**
 * The rights fan-out with real processes: a data subgraph that is down, killed or restarted, and
 * the `requests` service itself killed mid-way. The in-process stack cannot show any of that
 * (one process: a "stopped" service still shares memory, timers and the database pool with the
 * test). Runs `node dist/...` (built by `npm test`).
 */
import type { GraphQLFormattedError } from 'graphql';
import { demoId } from '../common/demo/random';
import { PROCESS_NAMES, startProcessStack, type ProcessStack } from './helpers/processes';

// Generous: a test stops and starts processes (a few seconds each on a loaded machine) and then
// waits up to 30 s for the worker.
jest.setTimeout(90_000);

// 0 to 8: the mentoring subjects (0, 4, 6, 8) hold data in every subgraph, so an erasure shows everywhere.
const SUBJECTS = 9;
const subjectId = (index: number): string => demoId('subject', index);

const codes = (errors: readonly GraphQLFormattedError[] | undefined): unknown[] =>
  (errors ?? []).map((e) => e.extensions?.code);

let stack: ProcessStack;

beforeAll(async () => {
  stack = await startProcessStack({ subjects: SUBJECTS });
}, 120_000);

afterAll(async () => {
  await stack?.stopAll();
}, 60_000);

// A test that failed half-way may have left a service down: the next one starts from a whole stack.
beforeEach(async () => {
  for (const name of PROCESS_NAMES) if (!stack.running(name)) await stack.start(name);
});

describe('the process stack', () => {
  it('serves an export through the gateway process from every subgraph process', async () => {
    const res = await stack.query<{
      subject: {
        id: string;
        fullName: string;
        invoices: unknown[];
        mentoringSessions: unknown[];
        supportTickets: unknown[];
      };
    }>(
      `query($id: ID!) { subject(id: $id) { id fullName invoices { id } mentoringSessions { id } supportTickets { id } } }`,
      { id: subjectId(4) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.subject).toMatchObject({ id: subjectId(4), fullName: 'Bernard Lefèvre' });
    expect(res.data?.subject.invoices.length).toBeGreaterThan(0);
    expect(res.data?.subject.mentoringSessions.length).toBeGreaterThan(0);
  });

  it('answers without a stopped subgraph process, and with it again once it is back on the same port', async () => {
    const q = `query($id: ID!) { subject(id: $id) { fullName invoices { id } } }`;
    await stack.stop('billing');
    const down = await stack.query<{ subject: { fullName: string; invoices: unknown[] | null } }>(q, {
      id: subjectId(4),
    });
    expect(down.data?.subject).toEqual({ fullName: 'Bernard Lefèvre', invoices: null });
    expect(codes(down.errors)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(JSON.stringify(down.errors)).not.toContain(String(stack.ports.billing));

    await stack.start('billing');
    const up = await stack.query<{ subject: { fullName: string; invoices: unknown[] | null } }>(q, {
      id: subjectId(4),
    });
    expect(up.errors).toBeUndefined();
    expect(up.data?.subject.invoices?.length).toBeGreaterThan(0);
  });
});

interface Leg {
  subgraph: string;
  status: string;
  attempts: number;
  lastError: string | null;
}
interface RequestAnswer {
  id: string;
  status: string;
  legs: Leg[];
}
interface RetainedAnswer {
  id: string;
  ground: string;
  until: string | null;
}
interface ReceiptAnswer {
  outcome: string;
  entities: Array<{ entity: string; deleted: number; anonymised: number; retained: RetainedAnswer[] }>;
}

const ERASE = `mutation($id: ID!) { eraseSubject(input: { subjectId: $id, reason: "test", identityVerification: { method: IDENTITY_DOCUMENT, evidenceRef: "test" } }) { id status legs { subgraph status attempts lastError } } }`;
const REQUEST = `query($id: ID!) { dataSubjectRequest(id: $id) { id status legs { subgraph status attempts lastError } } }`;
const DATA_LEGS = ['profile', 'sessions', 'billing', 'support'];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const legStatuses = (legs: readonly Leg[]): Record<string, string> =>
  Object.fromEntries(legs.map((l) => [l.subgraph, l.status]));

async function erase(subject: string): Promise<RequestAnswer> {
  const res = await stack.query<{ eraseSubject: RequestAnswer }>(ERASE, { id: subject });
  expect(res.errors).toBeUndefined();
  if (!res.data) throw new Error(`eraseSubject gave no data: ${JSON.stringify(res)}`);
  return res.data.eraseSubject;
}

/**
 * Reads the request until it is COMPLETED, submitting nothing: what completes it is the worker
 * of the `requests` process. Errors in between are expected (a service still starting) and
 * retried; the timeout says what the request and the requests process last said.
 */
async function waitUntilCompleted(requestId: string, timeoutMs = 30_000): Promise<RequestAnswer> {
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing yet';
  while (Date.now() < deadline) {
    const res = await stack
      .query<{ dataSubjectRequest: RequestAnswer | null }>(REQUEST, { id: requestId })
      .catch((error: unknown) => ({ errors: [{ message: String(error) }], data: null }));
    const request = res.data?.dataSubjectRequest;
    if (request?.status === 'COMPLETED') return request;
    last = JSON.stringify(res);
    await sleep(250);
  }
  throw new Error(
    `request ${requestId} not COMPLETED after ${timeoutMs} ms; last answer: ${last}\nrequests process:\n${stack.output('requests')}`,
  );
}

/**
 * Waits until the leg of `subgraph` of the subject's request is being called: claimed (a claim
 * counts an attempt), no answer recorded, and the legs called with it claimed too (their outcomes
 * are written with this one's, when it answers or fails: decision 291). Read while the mutation
 * is still waiting for it.
 */
async function waitUntilInFlight(subject: string, subgraph: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing yet';
  while (Date.now() < deadline) {
    const res = await stack.query<{ dataSubjectRequests: { nodes: RequestAnswer[] } }>(
      `query($s: ID!) { dataSubjectRequests(filter: { subjectId: $s }) { nodes { id status legs { subgraph status attempts lastError } } } }`,
      { s: subject },
    );
    const legs = res.data?.dataSubjectRequests.nodes[0]?.legs ?? [];
    const leg = legs.find((l) => l.subgraph === subgraph);
    const othersCalled = legs.length > 1 && legs.every((l) => l.subgraph === subgraph || l.attempts >= 1);
    if (leg && leg.status === 'PENDING' && leg.attempts === 1 && leg.lastError === null && othersCalled) return;
    last = JSON.stringify(res);
    await sleep(50);
  }
  throw new Error(`the ${subgraph} leg of ${subject} was never seen in flight; last answer: ${last}`);
}

/** What the DPO reads on a pending leg: why, in words; never where the service is, never a stack. */
function expectPlainError(error: string | null): void {
  expect(error).toEqual(expect.any(String));
  expect(error).not.toMatch(/https?:|127\.0\.0\.1|localhost|\/graphql/);
  expect(error).not.toMatch(/\n\s*at /);
  for (const port of Object.values(stack.ports)) expect(error).not.toContain(String(port));
}

interface SubjectData {
  status: string;
  fullName: string | null;
  email: string | null;
  invoices: Array<{ id: string }> | null;
  mentoringSessions: Array<{ id: string }> | null;
  supportTickets: Array<{ id: string }> | null;
}

async function subjectData(subject: string): Promise<SubjectData> {
  const res = await stack.query<{ subject: SubjectData | null }>(
    `query($id: ID!) { subject(id: $id) { status fullName email invoices { id } mentoringSessions { id } supportTickets { id } } }`,
    { id: subject },
  );
  expect(res.errors).toBeUndefined();
  if (!res.data?.subject) throw new Error(`no subject ${subject}: ${JSON.stringify(res)}`);
  return res.data.subject;
}

/** Before: the subject has data in every subgraph looked at, so that "gone" afterwards means something. */
async function expectHoldsData(subject: string): Promise<void> {
  const before = await subjectData(subject);
  expect(before.fullName).toEqual(expect.any(String));
  expect(before.invoices?.length).toBeGreaterThan(0);
  expect(before.mentoringSessions?.length).toBeGreaterThan(0);
  expect(before.supportTickets?.length).toBeGreaterThan(0);
}

/**
 * After: read through the gateway, the subject is ERASED, nothing identifies them, their sessions
 * and tickets are gone; the invoices left are exactly those billing's receipt says it kept for
 * the accounting obligation (Art. 17(3)(b)).
 */
async function expectErased(subject: string, requestId: string): Promise<void> {
  const after = await subjectData(subject);
  expect(after).toMatchObject({
    status: 'ERASED',
    fullName: null,
    email: null,
    mentoringSessions: [],
    supportTickets: [],
  });
  const res = await stack.query<{
    dataSubjectRequest: { legs: Array<{ subgraph: string; receipt: ReceiptAnswer | null }> };
  }>(
    `query($id: ID!) { dataSubjectRequest(id: $id) { legs { subgraph receipt { outcome entities { entity deleted anonymised retained { id ground until } } } } } }`,
    { id: requestId },
  );
  expect(res.errors).toBeUndefined();
  const billing = res.data?.dataSubjectRequest.legs.find((l) => l.subgraph === 'billing')?.receipt;
  const keptInvoices = billing?.entities.find((e) => e.entity === 'Invoice')?.retained ?? [];
  for (const kept of keptInvoices) expect(kept.ground).toBe('ART_17_3_B');
  expect((after.invoices ?? []).map((i) => i.id).sort()).toEqual(keptInvoices.map((r) => r.id).sort());
}

describe('eraseSubject across processes', () => {
  it('answers IN_PROGRESS with the leg of a stopped subgraph pending, and completes it when the subgraph is back, without another call', async () => {
    const subject = subjectId(6);
    await expectHoldsData(subject);
    await stack.stop('billing');

    const request = await erase(subject);
    expect(request.status).toBe('IN_PROGRESS');
    expect(legStatuses(request.legs)).toEqual({
      profile: 'DONE',
      sessions: 'DONE',
      billing: 'PENDING',
      support: 'DONE',
    });
    const billing = request.legs.find((l) => l.subgraph === 'billing');
    expect(billing?.attempts).toBeGreaterThanOrEqual(1);
    expectPlainError(billing?.lastError ?? null);

    // While billing is away the worker keeps trying (retries 200, 400, 800 ms apart here), and
    // neither gives up nor calls the leg done.
    await sleep(2000);
    const meanwhile = await stack.query<{ dataSubjectRequest: RequestAnswer }>(REQUEST, { id: request.id });
    expect(meanwhile.data?.dataSubjectRequest.status).toBe('IN_PROGRESS');
    const retried = meanwhile.data?.dataSubjectRequest.legs.find((l) => l.subgraph === 'billing');
    expect(retried?.status).toBe('PENDING');
    expect(retried?.attempts).toBeGreaterThan(billing?.attempts ?? 0);

    await stack.start('billing');
    const done = await waitUntilCompleted(request.id);
    expect(legStatuses(done.legs)).toEqual({ profile: 'DONE', sessions: 'DONE', billing: 'DONE', support: 'DONE' });
    await expectErased(subject, request.id);
  });

  it('completes a request after the requests service is killed mid-way and started again', async () => {
    const subject = subjectId(8);
    await expectHoldsData(subject);
    await stack.stop('billing');
    const request = await erase(subject);
    expect(request.status).toBe('IN_PROGRESS');
    expect(legStatuses(request.legs)).toMatchObject({ billing: 'PENDING' });

    // A crash, not a shutdown: whatever the worker held in memory is gone, only the ledger remains.
    await stack.kill('requests');
    await stack.start('billing');
    await stack.start('requests');

    const done = await waitUntilCompleted(request.id);
    expect(done.legs.map((l) => l.subgraph).sort()).toEqual([...DATA_LEGS].sort());
    const receipts = await stack.query<{
      dataSubjectRequest: { legs: Array<{ subgraph: string; status: string; receipt: ReceiptAnswer | null }> };
    }>(
      `query($id: ID!) { dataSubjectRequest(id: $id) { legs { subgraph status receipt { outcome entities { entity deleted anonymised retained { id ground until } } } } } }`,
      { id: request.id },
    );
    expect(receipts.errors).toBeUndefined();
    const legs = receipts.data?.dataSubjectRequest.legs ?? [];
    expect(legs).toHaveLength(DATA_LEGS.length);
    for (const leg of legs) expect(leg).toMatchObject({ status: 'DONE', receipt: { outcome: 'APPLIED' } });
    const billing = legs.find((l) => l.subgraph === 'billing')?.receipt;
    expect(billing?.entities.length).toBeGreaterThan(0);
    await expectErased(subject, request.id);
  });

  it('completes a request whose subgraph is killed (SIGKILL) while the call to it is under way', async () => {
    const subject = subjectId(0);
    await expectHoldsData(subject);
    // Frozen, billing's socket still accepts the connection and nothing answers: the call stays
    // in flight until the kill, which lands once the ledger shows the leg claimed and unanswered.
    stack.freeze('billing');
    const answer = erase(subject);
    await waitUntilInFlight(subject, 'billing');
    await stack.kill('billing');
    const request = await answer;
    expect(request.status).toBe('IN_PROGRESS');
    expect(legStatuses(request.legs)).toEqual({
      profile: 'DONE',
      sessions: 'DONE',
      billing: 'PENDING',
      support: 'DONE',
    });
    expectPlainError(request.legs.find((l) => l.subgraph === 'billing')?.lastError ?? null);

    await stack.start('billing');
    const done = await waitUntilCompleted(request.id);
    expect(legStatuses(done.legs)).toEqual({ profile: 'DONE', sessions: 'DONE', billing: 'DONE', support: 'DONE' });
    await expectErased(subject, request.id);
  });
});
