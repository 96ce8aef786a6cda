/**
 * Many replicas, one truth (issue 19, acceptance 1): two `requests` processes and two gateways,
 * each its own `node dist/...` process, on one MariaDB server and one Redis, with the four data
 * subgraphs. 200 rights requests go in through both gateways while one `requests` process is
 * killed (SIGKILL) and started again; a client retries every failed call with the same
 * Idempotency-Key. DB=mysql only (two processes on one SQLite file is not a deployment).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import mysql from 'mysql2/promise';
import { dbConfigEnv, dbConfigFromEnv, type SubgraphName } from '../common/config';
import { mysqlDatabaseName, openSubgraphDatabase } from '../common/datasource';
import { demoId } from '../common/demo/random';
import { RightsRequestEntity } from '../subgraphs/requests/ledger/entities/rights-request.entity';
import { newRequest } from '../subgraphs/requests/ledger/new-request';
import { requestsSubgraph } from '../subgraphs/requests/requests.subgraph';
import { NO_SUBJECT, SCHEDULE_ACTOR } from '../subgraphs/requests/retention/retention.service';
import { RUN_KEY_PREFIX } from '../subgraphs/requests/retention/retention.store';
import { DPO_IDENTITY } from './helpers/rights';
import { startProcessStack, type ProcessName, type ProcessStack } from './helpers/processes';
import { REDIS_BINARY, startRedis, type RedisServer } from './helpers/redis-server';
import { runScript } from './helpers/node-script';
import { postGraphQL } from './helpers/stack';

const onMysql = dbConfigFromEnv().kind === 'mysql' && fs.existsSync(REDIS_BINARY);
const describeOnMysql = onMysql ? describe : describe.skip;
if (!onMysql) console.log('replicas: skipped, it needs DB=mysql and redis-server (replicas share one server)');

jest.setTimeout(120_000);

const DATA = ['profile', 'sessions', 'billing', 'support'] as const;
const SUBJECTS = 50;
/** Per caller and minute, on both gateways together (Redis): above what one load client asks. */
const REQUESTS_PER_MINUTE = 40;
const CLIENTS = 20;
/** SQL: the requests the load's clients submitted (not those of the schedule or the account's life). */
const BY_CLIENTS = "submitted_by LIKE 'client-%'";

/** One rights operation as a client sends it: one key for all its attempts. */
interface Operation {
  n: number;
  mutation: string;
  input: Record<string, unknown>;
  key: string;
}

/** One HTTP call of the load: where, when, and what came back. */
interface Call {
  op: number;
  gateway: ProcessName;
  start: number;
  end: number;
  requestId: string | null;
  error: string | null;
}

const ordinary = [0, 1, 2, 4, 6, 7, 8].map((i) => demoId('subject', i));
const PURPOSES = ['MARKETING', 'RESEARCH', 'ANALYTICS', 'PERSONALISED_RECOMMENDATIONS'];
/** Objections that take effect at once: one to a legitimate-interest purpose waits for a dpo (O36). */
const AT_ONCE = ['MARKETING', 'RESEARCH'];

/**
 * 200 operations: 40 erasures of distinct subjects (10 to 49), and on seven other subjects
 * rectifications, consents, restrictions and objections, interleaved.
 */
function operations(): Operation[] {
  const ops: Array<Omit<Operation, 'n' | 'key'>> = [];
  let erasures = 0;
  for (let i = 0; i < 160; i += 1) {
    const subjectId = ordinary[i % ordinary.length];
    const purpose = PURPOSES[Math.floor(i / 4) % PURPOSES.length];
    const kind = i % 4;
    if (kind === 0)
      ops.push({ mutation: 'rectifySubject', input: { subjectId, changes: { phone: `+33 1 00 00 ${i}` } } });
    else if (kind === 1) ops.push({ mutation: 'setConsent', input: { subjectId, purpose, granted: i % 8 === 1 } });
    else if (kind === 2)
      ops.push({ mutation: 'restrictProcessing', input: { subjectId, scope: purpose, reason: 'accuracy contested' } });
    else
      ops.push({
        mutation: 'objectToProcessing',
        input: { subjectId, purpose: AT_ONCE[Math.floor(i / 4) % AT_ONCE.length], reason: 'test' },
      });
    // An erasure every fourth operation, so that they run all along the load.
    if (i % 4 === 3) ops.push({ mutation: 'eraseSubject', input: { subjectId: demoId('subject', 10 + erasures++) } });
  }
  return ops.map((o, n) => ({ ...o, n, key: randomUUID(), input: { ...o.input, identityVerification: DPO_IDENTITY } }));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describeOnMysql('two requests replicas and two gateways on one MariaDB, one killed under load', () => {
  let redis: RedisServer;
  let stack: ProcessStack;
  const dbs = new Map<string, mysql.Connection>();
  const ops = operations();
  const calls: Call[] = [];
  /** When `requests-2` was killed, and when it answered /health again. */
  const outage = { from: 0, to: 0 };
  const answered = new Map<number, string>();

  async function sql<T>(name: SubgraphName, statement: string, params: unknown[] = []): Promise<T[]> {
    let conn = dbs.get(name);
    if (!conn) {
      const { mysql: m } = stack.db;
      conn = await mysql.createConnection({ ...m, database: mysqlDatabaseName(stack.db, name), timezone: 'Z' });
      dbs.set(name, conn);
    }
    const [rows] = await conn.query(statement, params);
    return rows as T[];
  }

  function gatewayUrl(name: ProcessName): string {
    return `http://127.0.0.1:${stack.ports[name]}/graphql`;
  }

  /** One attempt of an operation on one gateway, recorded; its request id, or null. */
  async function attempt(op: Operation, gateway: ProcessName): Promise<string | null> {
    const call: Call = { op: op.n, gateway, start: Date.now(), end: 0, requestId: null, error: null };
    calls.push(call);
    try {
      const token = await stack.token({ roles: ['dpo'], sub: `client-${op.n % CLIENTS}` });
      const res = await postGraphQL<Record<string, { id: string }>>(
        gatewayUrl(gateway),
        `mutation($input: ${op.mutation[0].toUpperCase()}${op.mutation.slice(1)}Input!) { r: ${op.mutation}(input: $input) { id status } }`,
        { input: op.input },
        { authorization: `Bearer ${token}`, 'Idempotency-Key': op.key },
      );
      call.requestId = res.data?.r?.id ?? null;
      if (res.errors || !call.requestId) call.error = JSON.stringify(res.errors ?? res);
    } catch (error) {
      call.error = String(error);
    }
    call.end = Date.now();
    return call.error ? null : call.requestId;
  }

  /** A client: every failed call sent again with the same key, on the other gateway, until answered. */
  async function client(queue: Operation[]): Promise<void> {
    for (let op = queue.shift(); op; op = queue.shift()) {
      let gateway: ProcessName = op.n % 2 === 0 ? 'gateway' : 'gateway-2';
      for (let tries = 0; tries < 30; tries += 1) {
        // One operation in ten is sent to both gateways at once (a client that retried before its
        // first answer came, through a balancer): two replicas meet on one key.
        const both = tries === 0 && op.n % 10 === 0;
        const [id, other] = await Promise.all([
          attempt(op, both ? 'gateway' : gateway),
          both ? attempt(op, 'gateway-2') : Promise.resolve(null),
        ]);
        if (!id && other) {
          answered.set(op.n, other);
          break;
        }
        if (id) {
          answered.set(op.n, id);
          break;
        }
        gateway = gateway === 'gateway' ? 'gateway-2' : 'gateway';
        await sleep(300);
      }
    }
  }

  /** Kills requests-2 once a third of the load is answered, and starts it again two seconds later. */
  async function crash(): Promise<void> {
    while (answered.size < ops.length / 3) await sleep(50);
    outage.from = Date.now();
    await stack.kill('requests-2');
    await sleep(2000);
    await stack.start('requests-2');
    outage.to = Date.now();
  }

  /**
   * Both replicas started after today's slot (00:00 UTC), so neither found a sweep due. The ledger
   * now says yesterday's ran (as after a day in service): at their next look, twice a second,
   * both find today's due and claim it by its run key, while the load runs.
   */
  async function recordYesterdaysSweep(): Promise<void> {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const ds = await openSubgraphDatabase('requests', stack.db, requestsSubgraph.entities, requestsSubgraph.migrations);
    try {
      const at = new Date(`${yesterday}T00:01:00Z`);
      await ds.dataSource.getRepository(RightsRequestEntity).insert(
        newRequest({
          type: 'RETENTION',
          subjectId: NO_SUBJECT,
          details: { asOf: yesterday },
          reason: null,
          submittedBy: SCHEDULE_ACTOR,
          receivedAt: at,
          dueAt: at,
          now: at,
          status: 'COMPLETED',
          runKey: `${RUN_KEY_PREFIX}${yesterday}`,
        }),
      );
    } finally {
      await ds.dataSource.destroy();
    }
  }

  beforeAll(async () => {
    redis = await startRedis();
    stack = await startProcessStack({
      subjects: SUBJECTS,
      replicas: 2,
      env: {
        REDIS_URL: redis.url,
        LIMIT_REQUESTS_PER_MINUTE: String(REQUESTS_PER_MINUTE),
        // The schedule on, due at midnight UTC: each replica looks twice a second (see the sweep test).
        RETENTION_SCHEDULE: 'on',
        RETENTION_AT: '00:00',
        RETENTION_TIME_ZONE: 'UTC',
        RETENTION_CHECK_INTERVAL_MS: '500',
      },
    });
    await recordYesterdaysSweep();
    const queue = [...ops];
    await Promise.all([...Array.from({ length: CLIENTS }, () => client(queue)), crash()]);
    // Every request recorded reaches COMPLETED through the workers of both replicas, nothing more asked.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const [open] = await sql<{ n: number }>(
        'requests',
        `SELECT COUNT(*) AS n FROM rights_request WHERE status <> 'COMPLETED' AND (${BY_CLIENTS} OR type = 'RETENTION')`,
      );
      if (Number(open.n) === 0) break;
      await sleep(500);
    }
  }, 240_000);

  afterAll(async () => {
    for (const conn of dbs.values()) await conn.end();
    await stack?.stopAll();
    await redis?.stop();
  }, 60_000);

  it('every operation is answered, one request per operation, whatever gateway its retries reached', async () => {
    // The operations sent to both gateways at once were answered twice, with one request.
    const doubled = ops.filter((o) => o.n % 10 === 0).map((o) => calls.filter((c) => c.op === o.n && c.requestId));
    expect(doubled.filter((answers) => answers.length >= 2).length).toBeGreaterThanOrEqual(5);
    expect(answered.size).toBe(ops.length);
    // Each attempt that was answered named the same request as the operation's other answered attempts.
    for (const call of calls) if (call.requestId) expect(call.requestId).toBe(answered.get(call.op));
    const ids = [...answered.values()];
    expect(new Set(ids).size).toBe(ops.length);
    const rows = await sql<{ id: string }>('requests', `SELECT id FROM rights_request WHERE ${BY_CLIENTS}`);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it('every request completes exactly once', async () => {
    const rows = await sql<{ id: string; status: string }>(
      'requests',
      `SELECT id, status FROM rights_request WHERE ${BY_CLIENTS}`,
    );
    expect(rows).toHaveLength(ops.length);
    expect(rows.filter((r) => r.status !== 'COMPLETED')).toEqual([]);
    const completions = await sql<{ request_id: string; n: number }>(
      'requests',
      "SELECT request_id, COUNT(*) AS n FROM audit_event WHERE action = 'REQUEST_COMPLETED' GROUP BY request_id",
    );
    const byId = new Map(completions.map((c) => [c.request_id, Number(c.n)]));
    for (const id of answered.values()) expect([id, byId.get(id)]).toEqual([id, 1]);
  });

  it('no leg runs twice: each data subgraph holds one receipt per leg, and the ledger recorded each leg done once', async () => {
    const ids = [...answered.values()];
    const legDone = await sql<{ request_id: string; subgraph: string; n: number }>(
      'requests',
      "SELECT request_id, JSON_VALUE(detail, '$.subgraph') AS subgraph, COUNT(*) AS n FROM audit_event WHERE action = 'LEG_DONE' GROUP BY request_id, subgraph",
    );
    expect(legDone.filter((l) => Number(l.n) !== 1)).toEqual([]);
    const ledger = new Set((await sql<{ id: string }>('requests', 'SELECT id FROM rights_request')).map((r) => r.id));
    const mine = new Set(ids);
    const ours = (requestIds: string[]) => requestIds.filter((id) => mine.has(id)).sort();
    for (const subgraph of DATA) {
      const receipts = await sql<{ request_id: string }>(
        subgraph,
        'SELECT request_id FROM privacy_operation WHERE operation <> ?',
        ['retain'],
      );
      // No receipt of a request the ledger does not know; one of each of ours.
      expect(receipts.filter((r) => !ledger.has(r.request_id))).toEqual([]);
      expect(ours(receipts.map((r) => r.request_id))).toEqual([...ids].sort());
      expect(ours(legDone.filter((l) => l.subgraph === subgraph).map((l) => l.request_id))).toEqual([...ids].sort());
    }
  });

  it('no call outside the outage of requests-2 answered an error; only calls to the gateway in front of it did', () => {
    expect(outage.to).toBeGreaterThan(outage.from);
    const failed = calls.filter((c) => c.error);
    const outside = failed.filter((c) => c.gateway !== 'gateway-2' || c.end < outage.from || c.start > outage.to);
    expect(outside).toEqual([]);
  });

  it('the kill landed mid-work: calls in flight failed, and their retries found the request requests-2 had recorded', async () => {
    const inFlight = calls.filter((c) => c.error && c.start < outage.from);
    expect(inFlight.length).toBeGreaterThan(0);
    const received = new Map(
      (await sql<{ id: string; received_at: Date }>('requests', 'SELECT id, received_at FROM rights_request')).map(
        (r) => [r.id, r.received_at.getTime()],
      ),
    );
    // Recorded before its call failed: the answer was lost, the request was not, and the retry
    // with the same key answered with it (one request per operation, first test).
    const recordedThenLost = inFlight.filter((c) => (received.get(answered.get(c.op) ?? '') ?? Infinity) <= c.end);
    expect(recordedThenLost.length).toBeGreaterThan(0);
    // A leg requests-2 had claimed when it died was taken again once its lease ran out.
    const [retaken] = await sql<{ n: number }>('requests', 'SELECT COUNT(*) AS n FROM request_leg WHERE attempts > 1');
    expect(Number(retaken.n)).toBeGreaterThan(0);
  });

  it('no process logged an error: no write lost a race for the audit chain or a lease (the issue saw "Duplicate entry")', () => {
    // LOG_LEVEL=warn in the tests. A warning may be a leg that timed out on a busy machine and
    // was retried; an error, or anything that is not a log line (a crash), is what this looks for.
    const warning = (line: string) => /"level":"warn"/.test(line) && !/Duplicate entry|Deadlock/i.test(line);
    const said = stack.names.flatMap((n) =>
      stack
        .output(n)
        .split('\n')
        .filter((line) => line && !line.startsWith('-- ') && !warning(line))
        .map((line) => `${n}: ${line}`),
    );
    expect(said).toEqual([]);
  });

  it('npm run audit:verify passes on the ledger both replicas wrote', async () => {
    const result = await runScript('audit-verify', [], {
      ...dbConfigEnv(stack.db),
    });
    expect(result.stdout).toMatch(/^audit log intact: \d+ rows/);
    expect(result.status).toBe(0);
  });

  it("a caller's rate limit holds across both gateways", async () => {
    const token = await stack.token({ roles: ['dpo'], sub: 'rate-probe' });
    const read = (gateway: ProcessName) =>
      fetch(gatewayUrl(gateway), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'query($id: ID!) { subject(id: $id) { id } }', variables: { id: ordinary[0] } }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < REQUESTS_PER_MINUTE; i += 1)
      statuses.push((await read(i % 2 ? 'gateway-2' : 'gateway')).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect([(await read('gateway')).status, (await read('gateway-2')).status]).toEqual([429, 429]);
  });

  it("one retention sweep a day, though both replicas' schedules find it due", async () => {
    // recordYesterdaysSweep() made today's due on both replicas at once, under the load.
    const today = new Date().toISOString().slice(0, 10);
    const todays = () =>
      sql<{ id: string; status: string }>('requests', 'SELECT id, status FROM rights_request WHERE run_key = ?', [
        `${RUN_KEY_PREFIX}${today}`,
      ]);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await todays())[0]?.status !== 'COMPLETED') await sleep(250);
    // Each replica has looked a few more times since.
    await sleep(2000);
    const runs = await todays();
    expect(runs.map((r) => r.status)).toEqual(['COMPLETED']);
    const sweeps = await sql<{ n: number }>(
      'requests',
      "SELECT COUNT(*) AS n FROM rights_request WHERE type = 'RETENTION' AND received_at > ?",
      [new Date(`${today}T00:00:00Z`)],
    );
    expect(Number(sweeps[0].n)).toBe(1);
    for (const subgraph of DATA) {
      const retained = await sql<{ request_id: string }>(
        subgraph,
        "SELECT request_id FROM privacy_operation WHERE operation = 'retain'",
      );
      expect(retained.map((r) => r.request_id)).toEqual([runs[0].id]);
    }
  });
});
