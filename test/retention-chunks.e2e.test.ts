/**
 * Retention sweeps in bounded chunks (issue 19, decision 260): a sweep cut into chunks of 3 rows
 * does what one cut into chunks of 1000 does, no UPDATE or DELETE of it changes more than 3 rows,
 * and a sweep whose process dies part way finishes when run again with its run id, its receipt
 * counting everything the run did. On SQLite and on MariaDB (DB=mysql).
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dbConfigEnv } from '../common/config';
import { buildSubgraphServer } from '../common/subgraph-server';
import { dropMysqlDatabases, mysqlDatabaseName, openSubgraphDatabase } from '../common/datasource';
import { secretKey, signInternalToken } from '../common/internal-token';
import { registry, retentionStatementRows } from '../common/metrics';
import {
  chunkSettingsFromEnv,
  DEFAULT_CHUNK_MS,
  DEFAULT_CHUNK_ROWS,
} from '../common/privacy-contract/retention.settings';
import { POLICIES } from '../policies';
import { SUBGRAPHS } from '../subgraphs';
import { sessionsSubgraph } from '../subgraphs/sessions/sessions.subgraph';
import { setEnv } from './helpers/env';
import { parseMetrics } from './helpers/metrics';
import { lines, sweepAndWait, type RuleLine } from './helpers/retention';
import { startServiceProcess, type ServiceProcess } from './helpers/service-process';
import { eventually } from './helpers/smtp';
import { db, snapshot } from './helpers/snapshot';
import { isolatedDbConfig, postGraphQL, startStack, TEST_NOW, type Stack } from './helpers/stack';

const RETAIN = `mutation($r: ID!, $a: DateTimeISO!) { privacyRetain(runId: $r, asOf: $a, dryRun: false) {
  outcome rules { rule entity deleted anonymised kept keptHolds subjects } } }`;
/** Far enough ahead that every dated rule has records due in every data subgraph. */
const FAR = '2045-01-01T00:00:00.000Z';
type Receipt = { outcome: string; rules: Array<Partial<RuleLine>> };

async function retain(url: string, secret: string, subgraph: string, runId: string) {
  const token = await signInternalToken(secretKey(secret, 'INTERNAL_TOKEN_SECRET'), subgraph, {
    principal: { sub: 'requests-service', roles: ['requests'] },
    requestId: randomUUID(),
  });
  return postGraphQL<{ privacyRetain: Receipt }>(
    `${url}/graphql`,
    RETAIN,
    { r: runId, a: FAR },
    { authorization: `Bearer ${token}` },
  );
}

describe('a sweep in chunks of 3 rows and one in chunks of 1000', () => {
  /** The receipts of a sweep of the data subgraphs (far ahead) and of the ledger's own records; the databases after. */
  async function sweepIn(chunkRows: string) {
    process.env.RETENTION_CHUNK_ROWS = chunkRows;
    retentionStatementRows.reset();
    const stack: Stack = await startStack({ subjects: 40, policy: POLICIES.ophelantyra });
    try {
      // The seed's erasure's message goes PENDING to SENT when the delivery loop gets to it, and
      // only a sent one is the sweep's: both sweeps start once it is sent.
      await eventually(async () => {
        const [row] = await db(stack, 'requests').query<Array<{ n: number | string }>>(
          "SELECT COUNT(*) AS n FROM outbox_message WHERE status = 'PENDING'",
        );
        return Number(row.n) === 0 ? true : undefined;
      }, 'the messages delivered');
      const receipts: Record<string, Receipt> = {};
      for (const name of ['sessions', 'billing', 'support'] as const) {
        const res = await retain(stack.subgraphs[name].listening.url, stack.secrets.internal, name, randomUUID());
        expect(res.errors).toBeUndefined();
        receipts[name] = res.data!.privacyRetain;
      }
      const run = await sweepAndWait(stack, TEST_NOW.toISOString().slice(0, 10));
      receipts.ledger = { outcome: run.status, rules: lines(run) };
      const rows = parseMetrics(await registry.getSingleMetricAsString('retention_statement_rows'));
      // The data subgraphs' tables (the ledger's hold the sweep's own request, with its ids and times).
      const all = await snapshot(stack, ['privacy_operation']);
      // The seed's own erasure (its request id, its time) differs from one stack to the other.
      const seeded = (row: unknown) => String(row).replace(/"(erased_at|erasure_request_id)":"[^"]*"/g, '"$1":"-"');
      const after = Object.fromEntries(
        Object.entries(all)
          .filter(([table]) => !table.startsWith('requests.'))
          .map(([table, rows]) => [table, rows.map(seeded)]),
      );
      return { receipts, after, rows };
    } finally {
      delete process.env.RETENTION_CHUNK_ROWS;
      await stack.stop();
    }
  }

  it('the same receipts, the same databases after, and no statement changing more than 3 rows', async () => {
    const large = await sweepIn('1000');
    const small = await sweepIn('3');
    expect(small.receipts).toEqual(large.receipts);
    expect(small.after).toEqual(large.after);
    const changed = Object.values(small.receipts)
      .flatMap((r) => r.rules)
      .reduce((n, l) => n + (l.deleted ?? 0) + (l.anonymised ?? 0), 0);
    expect(changed).toBeGreaterThan(30);
    // Every UPDATE and DELETE of the sweep: at most 3 rows each, and together all it changed.
    const statements = small.rows.value('retention_statement_rows_count');
    expect(small.rows.value('retention_statement_rows_bucket', { le: '3' })).toBe(statements);
    expect(small.rows.value('retention_statement_rows_sum')).toBeGreaterThanOrEqual(changed);
    expect(statements).toBeGreaterThanOrEqual(changed / 3);
    // With chunks of 1000 the same rows went in statements of more than 3.
    expect(large.rows.value('retention_statement_rows_bucket', { le: '3' })).toBeLessThan(
      large.rows.value('retention_statement_rows_count'),
    );
  }, 240_000);
});

/** The log line a subgraph writes when its part of a sweep is done, with the chunks it committed. */
const SWEEP_DONE = /"chunks":(\d+)[^\n]*retention sweep done/;

describe('a sweep whose process dies part way', () => {
  const secret = randomUUID();
  const dbs = [isolatedDbConfig(), isolatedDbConfig()];
  const services: ServiceProcess[] = [];

  const start = async (i: number, env: Record<string, string> = {}) => {
    const db = dbs[i];
    const service = await startServiceProcess('subgraphs/sessions/main.js', {
      ...dbConfigEnv(db),
      INTERNAL_TOKEN_SECRET: secret,
      SEED_SUBJECTS: '30',
      SEED_NOW: TEST_NOW.toISOString().slice(0, 10),
      RETENTION_CHUNK_ROWS: '3',
      ...env,
    });
    services.push(service);
    await service.waitFor('/ready');
    return service;
  };
  const url = (s: ServiceProcess) => `http://127.0.0.1:${s.port}`;

  afterAll(async () => {
    for (const s of services) s.child.kill('SIGKILL');
    await Promise.all(services.map((s) => s.exited));
    for (const db of dbs) {
      if (db.kind === 'mysql') await dropMysqlDatabases(db, [mysqlDatabaseName(db, 'sessions')]);
      fs.rmSync(db.sqliteDir, { recursive: true, force: true });
    }
  });

  it('finishes when run again with its run id, and its receipt counts what both processes did', async () => {
    // The whole sweep in one process: its receipt, and how many chunks it committed.
    const whole = await start(0);
    const reference = await retain(url(whole), secret, 'sessions', randomUUID());
    expect(reference.errors).toBeUndefined();
    const chunks = Number((await whole.waitForOutput(SWEEP_DONE))[1]);
    expect(chunks).toBeGreaterThan(10);

    // The same data elsewhere; the process exits (as a crash would) two thirds of the way.
    const runId = randomUUID();
    const dying = await start(1, { RETENTION_EXIT_AFTER_CHUNKS: String(Math.floor((chunks * 2) / 3)) });
    const cut = await retain(url(dying), secret, 'sessions', runId).catch((e: Error) => ({ errors: [e.message] }));
    expect(cut.errors).toBeDefined();
    expect((await dying.exited).code).toBe(75);

    const opened = await openSubgraphDatabase('sessions', dbs[1], sessionsSubgraph.entities, []);
    try {
      const progress = () =>
        opened.dataSource.query<Array<{ n: number | string }>>(
          'SELECT COUNT(*) AS n FROM retention_progress WHERE run_id = ?',
          [runId],
        );
      expect(Number((await progress())[0].n)).toBeGreaterThan(0);
      const again = await start(1);
      const resumed = await retain(url(again), secret, 'sessions', runId);
      expect(resumed.errors).toBeUndefined();
      expect(resumed.data!.privacyRetain).toEqual(reference.data!.privacyRetain);
      // Less than the whole: the first process's chunks were not done again.
      const rest = Number((await again.waitForOutput(SWEEP_DONE))[1]);
      expect(rest).toBeLessThan(chunks);
      expect(Number((await progress())[0].n)).toBe(0);
      // A replay answers the stored receipt.
      expect((await retain(url(again), secret, 'sessions', runId)).data).toEqual(resumed.data);
    } finally {
      await opened.dataSource.destroy();
    }
  }, 240_000);
});

/** A subgraph started with `variable` set to each of `values` stops, naming the variable. */
async function refusedAtStart(variable: string, values: readonly string[]): Promise<void> {
  for (const bad of values) {
    const restore = setEnv({ [variable]: bad });
    const cfg = isolatedDbConfig();
    try {
      await expect(buildSubgraphServer(SUBGRAPHS.support, { db: cfg })).rejects.toThrow(
        `${variable} must be a positive integer, not "${bad}"`,
      );
    } finally {
      restore();
      if (cfg.kind === 'sqlite') fs.rmSync(cfg.sqliteDir, { recursive: true, force: true });
    }
  }
}

describe('RETENTION_CHUNK_ROWS', () => {
  it('is read when a subgraph starts: a value that is not a positive whole number stops it, naming the variable', async () => {
    await refusedAtStart('RETENTION_CHUNK_ROWS', ['0', '1e3', 'ten']);
  });
});

describe('RETENTION_CHUNK_MS', () => {
  it('is read when a subgraph starts: 0 keeps fixed windows, and anything else not a positive whole number stops it', async () => {
    await refusedAtStart('RETENTION_CHUNK_MS', ['-5', '1.5', 'twenty']);
    expect(chunkSettingsFromEnv({ RETENTION_CHUNK_MS: ' 0 ' })).toMatchObject({ chunkMs: null });
    expect(chunkSettingsFromEnv({ RETENTION_CHUNK_MS: '35' })).toMatchObject({ chunkMs: 35 });
    expect(chunkSettingsFromEnv({})).toMatchObject({ chunkMs: DEFAULT_CHUNK_MS, chunkRows: DEFAULT_CHUNK_ROWS });
  });
});
