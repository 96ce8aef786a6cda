/**
 * The worker never starves: legs that cannot run (an email change waiting for its code, a
 * rectification's legs waiting for profile's) take no place in its window, so an erasure whose
 * billing leg failed completes at its next retry once billing is back, whatever waits beside it.
 * Every open request says what it waits for, and the watchdog lists the ones nobody is moving.
 * Real processes (`node dist/...`), each service its own, on SQLite or MySQL.
 */
import type { DataSource } from 'typeorm';
import { demoId } from '../common/demo/random';
import { openSubgraphDatabase } from '../common/datasource';
import { OutboxMessageEntity } from '../subgraphs/requests/mail/entities/outbox-message.entity';
import { startProcessStack, type ProcessStack } from './helpers/processes';
import { withIdentity } from './helpers/rights';

jest.setTimeout(120_000);

/** One retry delay: the base and the cap are the same, so every retry is this far from the last attempt. */
const RETRY_MS = 1500;
const WORKER_MS = 200;
/** What a stalled request is here: open for 3 s with nobody moving it. */
const STALLED_AFTER_MS = 3000;
/** The window: smaller than the 120 legs of the email changes waiting for their code. */
const WINDOW = 20;

const AWAITING_CODE = 30;
const WAITING_FOR_PROFILE = 10;
const SUBJECTS = 10 + AWAITING_CODE + WAITING_FOR_PROFILE;
const subjectId = (index: number): string => demoId('subject', index);
/** Subject 6 holds data in every subgraph (mentoring, invoices, tickets). */
const ERASED = subjectId(6);

interface Waiting {
  reason: string;
  subgraph: string | null;
  until: string | null;
}
interface Leg {
  subgraph: string;
  status: string;
  attempts: number;
  waitingFor: Waiting | null;
}
interface Request {
  id: string;
  type: string;
  status: string;
  subjectId: string;
  completedAt: string | null;
  waitingFor: Waiting[];
  legs: Leg[];
}
const FIELDS =
  'id type status subjectId completedAt waitingFor { reason subgraph until } legs { subgraph status attempts lastError waitingFor { reason subgraph until } }';

let stack: ProcessStack;
let ledger: DataSource;

beforeAll(async () => {
  stack = await startProcessStack({
    subjects: SUBJECTS,
    env: {
      REQUESTS_RETRY_BASE_MS: String(RETRY_MS),
      REQUESTS_RETRY_MAX_MS: String(RETRY_MS),
      REQUESTS_WORKER_INTERVAL_MS: String(WORKER_MS),
      REQUESTS_WORKER_WINDOW: String(WINDOW),
      REQUESTS_MAX_ATTEMPTS: '1000',
      REQUESTS_STALLED_AFTER_MS: String(STALLED_AFTER_MS),
      // A loaded machine (MariaDB and two jest workers on two cores) can take seconds to answer
      // one contract call: a timed-out call would be retried and cloud what this test measures.
      REQUESTS_CALL_TIMEOUT_MS: '15000',
    },
  });
  // The codes sent to new addresses are read where the subject would find them: the outbox's text.
  ledger = (await openSubgraphDatabase('requests', stack.db, [OutboxMessageEntity], [])).dataSource;
}, 180_000);

afterAll(async () => {
  await ledger?.destroy();
  await stack?.stopAll();
}, 60_000);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function mutate(name: string, input: Record<string, unknown>, as?: Parameters<ProcessStack['query']>[2]) {
  const inputType = `${name[0].toUpperCase()}${name.slice(1)}Input`;
  const res = await stack.query<{ r: Request }>(
    `mutation($input: ${inputType}!) { r: ${name}(input: $input) { ${FIELDS} } }`,
    { input: withIdentity(input, as) },
    as,
  );
  if (!res.data?.r) throw new Error(`${name} gave no request: ${JSON.stringify(res.errors)}`);
  return res.data.r;
}

async function read(id: string): Promise<Request> {
  const res = await stack.query<{ r: Request | null }>(
    `query($id: ID!) { r: dataSubjectRequest(id: $id) { ${FIELDS} } }`,
    {
      id,
    },
  );
  if (!res.data?.r) throw new Error(`no request ${id}: ${JSON.stringify(res.errors)}`);
  return res.data.r;
}

async function until(id: string, status: string, timeoutMs: number): Promise<Request> {
  const deadline = Date.now() + timeoutMs;
  let last: Request | null = null;
  while (Date.now() < deadline) {
    last = await read(id).catch(() => null);
    if (last?.status === status) return last;
    await sleep(100);
  }
  throw new Error(
    `request ${id} not ${status} after ${timeoutMs} ms: ${JSON.stringify(last)}\n${stack.output('requests')}\nsupport:\n${stack.output('support')}`,
  );
}

async function codeOf(requestId: string): Promise<string> {
  const rows = await ledger.query<Array<{ body: string }>>(
    "SELECT body FROM outbox_message WHERE request_id = ? AND kind = 'EMAIL_CONFIRMATION'",
    [requestId],
  );
  const code = /\n\n([A-Za-z0-9_-]{43})\n\n/.exec(rows[0]?.body ?? '')?.[1];
  if (!code) throw new Error(`no code was sent for ${requestId}`);
  return code;
}

const reasons = (r: Request) => r.waitingFor.map((w) => `${w.reason}${w.subgraph ? `/${w.subgraph}` : ''}`);

describe('the worker takes only what can run', () => {
  const awaitingCode: Request[] = [];
  const confirmed: string[] = [];
  let erasure: Request;

  it('email changes awaiting their code wait for it, and say so until when', async () => {
    for (let i = 0; i < AWAITING_CODE + WAITING_FOR_PROFILE; i++) {
      const r = await mutate('rectifySubject', {
        subjectId: subjectId(10 + i),
        changes: { email: `new.address.${i}@example.org` },
      });
      expect(r.status).toBe('RECEIVED');
      awaitingCode.push(r);
    }
    for (const r of awaitingCode) {
      expect(reasons(r)).toEqual(['EMAIL_CONFIRMATION']);
      const expires = new Date(r.waitingFor[0].until ?? 0).getTime();
      expect(expires - Date.now()).toBeGreaterThan(71 * 3600_000);
      expect(expires - Date.now()).toBeLessThanOrEqual(72 * 3600_000);
      for (const leg of r.legs) expect(leg.waitingFor?.reason).toBe('EMAIL_CONFIRMATION');
    }
  });

  it('an erasure whose billing leg failed waits for its retry, until when, and names billing', async () => {
    await stack.stop('billing');
    erasure = await mutate('eraseSubject', { subjectId: ERASED, reason: 'never stuck' });
    expect(erasure.status).toBe('IN_PROGRESS');
    expect(reasons(erasure)).toEqual(['RETRY_SCHEDULED/billing']);
    const billing = erasure.legs.find((l) => l.subgraph === 'billing');
    expect(billing?.status).toBe('PENDING');
    expect(billing?.waitingFor?.reason).toBe('RETRY_SCHEDULED');
    expect(new Date(billing?.waitingFor?.until ?? 0).getTime()).toBeGreaterThan(Date.now() - RETRY_MS);
  });

  it("rectifications confirmed while profile is down wait for profile's leg: each other leg says so", async () => {
    await stack.stop('profile');
    for (const r of awaitingCode.slice(AWAITING_CODE)) {
      const answer = await stack.query<{ r: Request }>(
        `mutation($t: String!) { r: confirmEmailChange(token: $t) { ${FIELDS} } }`,
        { t: await codeOf(r.id) },
        { role: 'subject', subjectId: r.subjectId },
      );
      expect(answer.errors).toBeUndefined();
      const now = answer.data!.r;
      expect(now.status).toBe('IN_PROGRESS');
      expect(reasons(now).sort()).toEqual(['EARLIER_LEG/profile', 'RETRY_SCHEDULED/profile']);
      for (const leg of now.legs.filter((l) => l.subgraph !== 'profile'))
        expect(leg).toMatchObject({
          status: 'PENDING',
          attempts: 0,
          waitingFor: { reason: 'EARLIER_LEG', subgraph: 'profile' },
        });
      confirmed.push(now.id);
    }
  });

  it('the erasure completes within one retry delay of billing coming back, while 120 legs wait for codes and 30 for profile', async () => {
    await stack.start('billing');
    const back = Date.now();
    const done = await until(erasure.id, 'COMPLETED', 30_000);
    // Its next attempt was due at most one retry delay after billing came back; the worker's pass
    // and the call itself add the rest. The old worker never reached it (its window was full of
    // legs that could not run).
    expect(new Date(done.completedAt ?? 0).getTime() - back).toBeLessThanOrEqual(RETRY_MS + WORKER_MS + 2000);
    expect(done.waitingFor).toEqual([]);
    expect(done.legs.map((l) => [l.subgraph, l.status, l.waitingFor])).toEqual([
      ['profile', 'DONE', null],
      ['sessions', 'DONE', null],
      ['billing', 'DONE', null],
      ['support', 'DONE', null],
    ]);
    // And nothing that waits was run: the codes still wait, the rectifications still wait for profile.
    for (const r of awaitingCode.slice(0, AWAITING_CODE))
      expect(reasons(await read(r.id))).toEqual(['EMAIL_CONFIRMATION']);
    for (const id of confirmed) {
      const r = await read(id);
      expect(r.legs.filter((l) => l.subgraph !== 'profile').every((l) => l.attempts === 0)).toBe(true);
    }
  });

  it('stalledRequests lists the rectifications whose profile has refused for longer than the setting, with why; not the ones waiting for their subject', async () => {
    await sleep(STALLED_AFTER_MS);
    const res = await stack.query<{ stalledRequests: Request[] }>(`query { stalledRequests { ${FIELDS} } }`);
    expect(res.errors).toBeUndefined();
    const stalled = res.data!.stalledRequests;
    expect(stalled.map((r) => r.id).sort()).toEqual([...confirmed].sort());
    // Profile's leg is between two retries, during one (an attempt after failed ones is no
    // progress), or due for the worker's next pass: which, depends on the instant read. The
    // others wait for it either way, and that is what makes the request stalled.
    for (const r of stalled) {
      expect(reasons(r).filter((w) => /^(RETRY_SCHEDULED|RETRY_RUNNING|QUEUED)\/profile$/.test(w))).toHaveLength(1);
      expect(reasons(r)).toContain('EARLIER_LEG/profile');
    }
    // Not for anyone but a dpo.
    const support = await stack.query(`query { stalledRequests { id } }`, undefined, { role: 'support' });
    expect(support.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('every open request of the ledger answers a non-empty waitingFor, every closed one none', async () => {
    const res = await stack.query<{ dataSubjectRequests: { nodes: Request[] } }>(
      `query($first: Int) { dataSubjectRequests(first: $first) { nodes { id status waitingFor { reason } } } }`,
      { first: 200 },
    );
    expect(res.errors).toBeUndefined();
    const all = res.data!.dataSubjectRequests.nodes;
    expect(all.length).toBeGreaterThanOrEqual(AWAITING_CODE + WAITING_FOR_PROFILE + 1);
    for (const r of all) {
      const open = ['RECEIVED', 'IN_PROGRESS', 'FAILED', 'AWAITING_REVIEW'].includes(r.status);
      expect({ id: r.id, says: r.waitingFor.length > 0 }).toEqual({ id: r.id, says: open });
    }
  });

  it('profile back, the rectifications waiting for it complete without another call', async () => {
    await stack.start('profile');
    for (const id of confirmed) expect((await until(id, 'COMPLETED', 30_000)).waitingFor).toEqual([]);
  });
});
