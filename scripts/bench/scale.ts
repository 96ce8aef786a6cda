/**
 * How cost grows with the work (issue 19): one subject's export as its connection logs go from
 * 1 to 100 to 10,000, and a retention sweep as the population goes from 2,000 to 20,000 to
 * 200,000 subjects, with the longest single statement of each sweep as MariaDB's own slow log
 * timed it. MySQL/MariaDB only: the sweep's locks and undo log are the server's.
 */
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { DbConfig } from '../../common/config';
import { mysqlDatabaseName } from '../../common/datasource';
import { demoId } from '../../common/demo/random';
import { POLICIES } from '../../policies';
import { exportQuery } from '../../schema/supergraph';
import { baselineExport, recordCounts, totalRecords } from './baseline';
import { log, type Options } from './cli';
import { multiplyPopulation } from './clone';
import { post, type SingleData } from './client';
import { post as httpPost } from '../../common/http-client';
import { stats } from './measure';
import { RETENTION_AS_OF, RETENTION_SEED_NOW } from './retention';
import {
  waitForRest,
  withServerSizing,
  withSlowLog,
  type AtRest,
  type LongestStatement,
  type ServerSizing,
} from './slow-log';
import { benchDbConfig, startStack, teardown, type Stack } from './stack';

/** Databases of its own: `npm run bench` drops leftovers of its prefix when it starts. */
const scaleDbConfig = (): DbConfig => ({ ...benchDbConfig('mysql'), databasePrefix: 'dsg_scalebench' });

export const LOG_COUNTS = [1, 100, 10_000] as const;
export const SWEEP_COPIES = [1, 10, 100] as const;
const SWEEP_SEED = 2000;
const EXPORT_RUNS = 15;

export interface RecordsCase {
  connectionLogs: number;
  records: number;
  gateway: number;
  baseline: number;
  statements: number;
  bytes: number;
}

export interface SweepCase {
  subjects: number;
  run: 'dry run' | 'sweep';
  ms: number;
  rows: number;
  statements: number;
  longest: LongestStatement;
  rest: AtRest;
}

export interface ScaleResult {
  records: RecordsCase[];
  sweeps: SweepCase[];
  /** The buffer pool and redo log the sweeps had, and the server's own before (put back after). */
  sizing: ServerSizing;
}

/**
 * The server the sweeps run on at least: a buffer pool enough for the 200,000-subject databases
 * (7.2 million rows, their indexes and the slow log's table), and a redo log that holds what a
 * sweep of them writes between checkpoints (2.2 million rows changed), as a server that holds
 * them is sized (decisions 321, 324).
 */
export const SWEEP_SERVER = { bufferPool: 6 * 2 ** 30, redoLog: 2 * 2 ** 30 } as const;

const connect = (cfg: DbConfig, subgraph?: string) =>
  mysql.createConnection({
    host: cfg.mysql.host,
    port: cfg.mysql.port,
    user: cfg.mysql.user,
    password: cfg.mysql.password,
    ...(subgraph ? { database: mysqlDatabaseName(cfg, subgraph) } : {}),
  });

/** Gives `subjectId` exactly `n` connection logs, copies of its first one a minute apart. */
async function setConnectionLogs(cfg: DbConfig, subjectId: string, n: number): Promise<void> {
  const conn = await connect(cfg, 'sessions');
  try {
    const [first] = await conn.query<RowDataPacket[]>(
      'SELECT * FROM connection_log WHERE subject_id = ? ORDER BY started_at LIMIT 1',
      [subjectId],
    );
    if (first.length === 0) throw new Error('the measured subject has no connection log to copy');
    await conn.query('DELETE FROM connection_log WHERE subject_id = ?', [subjectId]);
    await conn.query(
      `INSERT INTO connection_log (id, subject_id, ip, user_agent, language, started_at, duration_seconds, pages)
       SELECT UUID(), ?, ?, ?, ?, ? - INTERVAL s.seq MINUTE, ?, ? FROM seq_1_to_${n} s`,
      [
        subjectId,
        first[0].ip,
        first[0].user_agent,
        first[0].language,
        first[0].started_at,
        first[0].duration_seconds,
        first[0].pages,
      ],
    );
  } finally {
    await conn.end();
  }
}

async function measureRecords(options: Options, onStack: (s: Stack | undefined) => void): Promise<RecordsCase[]> {
  const stack: Stack = { cfg: scaleDbConfig(), servers: [] };
  onStack(stack);
  try {
    await startStack({ ...options, subjects: 40 }, stack);
    const running = stack as Required<Stack>;
    const query = exportQuery();
    const subjectId = demoId('subject', 30);
    const cases: RecordsCase[] = [];
    for (const n of LOG_COUNTS) {
      await setConnectionLogs(stack.cfg, subjectId, n);
      const gateway: number[] = [];
      const baseline: number[] = [];
      let bytes = 0;
      let statements = 0;
      let records = 0;
      for (let run = 0; run < EXPORT_RUNS + 3; run++) {
        for (const s of running.servers) s.sql.reset();
        const res = await post<SingleData>(running.gateway, query, { id: subjectId });
        statements = running.servers.reduce((total, s) => total + s.sql.total, 0);
        const started = performance.now();
        const direct = await baselineExport(running.reader, [subjectId]);
        const directMs = performance.now() - started;
        if (run < 3) continue; // warm-up
        gateway.push(res.ms);
        baseline.push(directMs);
        bytes = res.bytes;
        records = totalRecords(recordCounts(res.data.subject));
        if (records !== totalRecords(recordCounts(direct.exports[0])))
          throw new Error('the gateway and the direct read do not hold the same records');
      }
      const c = {
        connectionLogs: n,
        records,
        gateway: stats(gateway).p50,
        baseline: stats(baseline).p50,
        statements,
        bytes,
      };
      log(
        `scale: ${n} connection logs, ${records} records: export p50 ${c.gateway.toFixed(1)} ms, direct ${c.baseline.toFixed(1)} ms, ${statements} statements`,
      );
      cases.push(c);
    }
    return cases;
  } finally {
    await teardown(stack);
    onStack(undefined);
  }
}

interface SweepAnswer {
  r: { status: string; legs: Array<{ retention: { rules: Array<{ deleted: number; anonymised: number }> } }> };
}
const SWEEP =
  'mutation($asOf: String, $dryRun: Boolean) { r: runRetention(asOf: $asOf, dryRun: $dryRun) { status legs { retention { rules { deleted anonymised } } } } }';

async function sweepOnce(
  stack: Required<Stack>,
  dryRun: boolean,
  longest: (since: Date) => Promise<LongestStatement>,
  subjects: number,
): Promise<Omit<SweepCase, 'rest'>> {
  for (const s of stack.servers) s.sql.reset();
  const since = new Date();
  const started = performance.now();
  // node:http, not fetch: fetch gives up on an answer that takes more than 5 minutes to start.
  const answer = await httpPost(
    stack.dpo.url,
    { 'content-type': 'application/json', authorization: `Bearer ${stack.dpo.token}` },
    JSON.stringify({ query: SWEEP, variables: { asOf: RETENTION_AS_OF, dryRun } }),
    3_600_000,
  );
  const ms = performance.now() - started;
  const res = (await answer.json()) as { data: SweepAnswer; errors?: unknown[] };
  if (res.errors) throw new Error(`the sweep answered errors: ${JSON.stringify(res.errors).slice(0, 300)}`);
  if (res.data.r.status !== 'COMPLETED') throw new Error(`the sweep answered ${res.data.r.status}`);
  const statements = stack.servers.reduce((total, s) => total + s.sql.total, 0);
  const rows = res.data.r.legs.flatMap((l) => l.retention.rules).reduce((n, r) => n + r.deleted + r.anonymised, 0);
  return { subjects, run: dryRun ? 'dry run' : 'sweep', ms, rows, statements, longest: await longest(since) };
}

async function measureSweeps(
  options: Options,
  onStack: (s: Stack | undefined) => void,
  largest: number,
  sizing: ServerSizing,
): Promise<SweepCase[]> {
  process.env.REQUESTS_CALL_TIMEOUT_MS ??= '3600000';
  process.env.REQUESTS_SYNC_WAIT_MS ??= '3600000';
  process.env.RETENTION_SCHEDULE ??= 'off';
  const cases: SweepCase[] = [];
  // On before the stacks open their pools: a connection keeps the long_query_time it started with.
  await withSlowLog(scaleDbConfig(), async (longest) => {
    for (const copies of SWEEP_COPIES.filter((c) => c <= largest)) {
      const stack: Stack = { cfg: scaleDbConfig(), servers: [] };
      onStack(stack);
      try {
        const subjects = SWEEP_SEED * copies;
        log(
          `scale: ${subjects} subjects (${SWEEP_SEED} seeded, ×${copies}), buffer pool ${sizing.pool.duringMiB} MiB, redo log ${sizing.redoLog.duringMiB} MiB...`,
        );
        await startStack({ ...options, subjects: SWEEP_SEED }, stack, {
          now: RETENTION_SEED_NOW,
          policy: POLICIES.ophelantyra,
          subgraphTimeoutMs: 3_600_000,
        });
        const started = performance.now();
        const rows = await multiplyPopulation(stack.cfg, copies);
        log(`  ${rows} rows copied in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        const rest = await waitForRest(stack.cfg);
        // The real sweep only: a dry run stays one transaction, rolled back (decision 263), and at
        // 200,000 subjects runs for minutes; section 5 times it at 200 and 2,000.
        for (const dryRun of [false]) {
          const c = { ...(await sweepOnce(stack as Required<Stack>, dryRun, longest, subjects)), rest };
          log(
            `  ${c.run} (after ${(rest.waitedMs / 1000).toFixed(1)} s for the server to rest: history ${rest.historyBefore}, dirty pages ${rest.dirtyPagesBefore}): ${(c.ms / 1000).toFixed(1)} s, ${c.rows} rows, ${c.statements} statements, longest ${c.longest.ms.toFixed(1)} ms (p99 ${c.longest.p99Ms.toFixed(1)}, p99.9 ${c.longest.p999Ms.toFixed(1)} of ${c.longest.count}), ${c.longest.rowsExamined} rows examined (${c.longest.text}); most rows examined by one statement ${c.longest.mostRowsExamined}`,
          );
          cases.push(c);
        }
      } finally {
        await teardown(stack);
        onStack(undefined);
      }
    }
  });
  return cases;
}

export async function measureScale(
  options: Options,
  onStack: (s: Stack | undefined) => void,
  largest: number,
): Promise<ScaleResult> {
  if (options.db !== 'mysql') throw new Error('the scale section measures MySQL/MariaDB only');
  const records = await measureRecords(options, onStack);
  return withServerSizing(scaleDbConfig(), SWEEP_SERVER, async (sizing) => ({
    records,
    sweeps: await measureSweeps(options, onStack, largest, sizing),
    sizing,
  }));
}
