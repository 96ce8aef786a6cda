/**
 * `npm run bench [-- --subjects 2000 --runs 200 --db mysql|sqlite --out docs/benchmarks.md]`
 *
 * What a subject export costs through the federation, against the cheapest way to read the same
 * rows: one process querying each database directly. Seeds fresh bench databases, starts the
 * four subgraphs and the gateway in this process on real HTTP (as the tests do), measures, writes
 * docs/benchmarks.md and drops the bench databases again. Numbers are never edited by hand:
 * rerun the script.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import mysql, { type Pool, type RowDataPacket } from 'mysql2/promise';
import { SUBGRAPH_NAMES, dbConfigFromEnv, type DbConfig, type SubgraphName } from '../common/config';
import { dropMysqlDatabases, mysqlDatabaseName } from '../common/datasource';
import { FEATURED, FEATURED_INDEX, MANY_CONNECTION_LOGS } from '../common/demo/plan';
import { demoId } from '../common/demo/random';
import { reseed } from '../common/demo/seeding';
import { buildSubgraphServer, type SubgraphServer } from '../common/subgraph-server';
import { MAX_IDS } from '../common/validation';
import { buildGateway, type GatewayServer } from '../gateway/gateway';
import { exportQuery, selectionOf, supergraphSchema } from '../schema/supergraph';
import { SUBGRAPHS } from '../subgraphs';

/** Fixed, so two runs with the same options read byte-identical data (same as the tests). */
const BENCH_NOW = new Date('2026-11-01T00:00:00Z');
const BENCH_PREFIX = 'dsg_bench';
const WARMUP = 20;
/** The bulk export: how many subjects, and how often. */
const BATCH_SUBJECTS = 1000;
const BATCH_RUNS = 20;
const BATCH_WARMUP = 5;

type Row = Record<string, unknown>;

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string }>;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  subjects: number;
  runs: number;
  db: 'mysql' | 'sqlite';
  out: string;
  command: string;
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function readOptions(): Options {
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv,
    options: {
      subjects: { type: 'string', default: '2000' },
      runs: { type: 'string', default: '200' },
      db: { type: 'string', default: 'mysql' },
      out: { type: 'string', default: 'docs/benchmarks.md' },
    },
  });
  const subjects = Number(values.subjects);
  const runs = Number(values.runs);
  // The featured subjects are measured one by one; the cycling export needs generated ones after them.
  const minSubjects = FEATURED.length + 20;
  if (!Number.isInteger(subjects) || subjects < minSubjects) throw new Error(`--subjects must be a whole number of at least ${minSubjects}`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number of at least 1');
  if (values.db !== 'mysql' && values.db !== 'sqlite') throw new Error('--db must be "mysql" or "sqlite"');
  // npm hides itself from argv: say which of the two commands was typed, so it can be retyped.
  const launcher = process.env.npm_lifecycle_event === 'bench' ? `npm run bench${argv.length > 0 ? ' --' : ''}` : 'node dist/scripts/bench.js';
  return { subjects, runs, db: values.db, out: path.resolve(values.out), command: [launcher, ...argv.map(shellQuote)].join(' ') };
}

// ---------------------------------------------------------------------------------------------
// Baseline: the same rows read straight from the databases, no GraphQL, no HTTP.

/** Runs one SELECT against one subgraph's database. */
interface Reader {
  all(db: SubgraphName, sql: string, params: readonly string[]): Promise<Row[]>;
  version(): Promise<string>;
  close(): Promise<void>;
}

function mysqlReader(cfg: DbConfig): Reader {
  // One pool per database, sized like the subgraphs' TypeORM pools, so independent SELECTs overlap.
  const pools = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [
      name,
      mysql.createPool({
        host: cfg.mysql.host,
        port: cfg.mysql.port,
        user: cfg.mysql.user,
        password: cfg.mysql.password,
        database: mysqlDatabaseName(cfg, name),
        charset: 'utf8mb4_unicode_ci',
        timezone: 'Z',
        connectionLimit: 10,
      }),
    ]),
  ) as Record<SubgraphName, Pool>;
  return {
    async all(db, sql, params) {
      // `query`, not `execute`: TypeORM sends text statements too, so both sides parse the same way.
      const [rows] = await pools[db].query<RowDataPacket[]>(sql, [...params]);
      return rows;
    },
    async version() {
      const [rows] = await pools.profile.query<RowDataPacket[]>('SELECT VERSION() AS v');
      return `MySQL/MariaDB ${String(rows[0]?.v)}`;
    },
    async close() {
      await Promise.all(Object.values(pools).map((p) => p.end()));
    },
  };
}

function sqliteReader(files: Record<SubgraphName, string>): Reader {
  const dbs = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, new Database(files[n], { readonly: true, fileMustExist: true })])) as Record<SubgraphName, Database.Database>;
  // Prepared once per distinct SQL, as TypeORM's better-sqlite3 driver caches its statements.
  const statements = new Map<string, Database.Statement>();
  return {
    async all(db, sql, params) {
      const key = `${db}\n${sql}`;
      let stmt = statements.get(key);
      if (!stmt) {
        stmt = dbs[db].prepare(sql);
        statements.set(key, stmt);
      }
      return stmt.all(...params) as Row[];
    },
    async version() {
      const row = dbs.profile.prepare('SELECT sqlite_version() AS v').get() as Row;
      return `SQLite ${String(row.v)} (better-sqlite3)`;
    },
    async close() {
      for (const db of Object.values(dbs)) db.close();
    },
  };
}

/** One collection of the export: the table and order its subgraph store reads it with. */
interface Collection {
  /** The key in the export, named like the GraphQL field so both exports can be compared. */
  key: string;
  db: SubgraphName;
  table: string;
  /** `subject_id` unless said otherwise. */
  by?: string;
  /** ORDER BY column (then id), as in the store; none for one-row-per-subject tables. */
  order?: string;
  one?: boolean;
}

// Table and column names from subgraphs/*/migrations; orders from subgraphs/*/*.store.ts.
const COLLECTIONS: readonly Collection[] = [
  { key: 'subject', db: 'profile', table: 'subject', by: 'id', one: true },
  { key: 'professional', db: 'profile', table: 'professional_context', one: true },
  { key: 'financialSituation', db: 'profile', table: 'financial_situation', one: true },
  { key: 'consentEvents', db: 'profile', table: 'consent_event', order: 'recorded_at' },
  { key: 'sponsorship', db: 'profile', table: 'employer_sponsorship', one: true },
  { key: 'communicationPreferences', db: 'profile', table: 'communication_preference', one: true },
  { key: 'mentoringSessions', db: 'sessions', table: 'mentoring_session', order: 'scheduled_at' },
  { key: 'mentorAssignments', db: 'sessions', table: 'mentor_assignment', order: 'starts_on' },
  { key: 'documents', db: 'sessions', table: 'shared_document', order: 'shared_at' },
  { key: 'evaluations', db: 'sessions', table: 'session_evaluation', order: 'submitted_at' },
  { key: 'learningProgress', db: 'sessions', table: 'learning_progress', order: 'started_at' },
  { key: 'downloads', db: 'sessions', table: 'resource_download', order: 'downloaded_at' },
  { key: 'connectionLogs', db: 'sessions', table: 'connection_log', order: 'started_at' },
  { key: 'billingAccount', db: 'billing', table: 'billing_account', one: true },
  { key: 'invoices', db: 'billing', table: 'invoice', order: 'issued_at' },
  { key: 'payments', db: 'billing', table: 'payment', order: 'paid_at' },
  { key: 'subscriptions', db: 'billing', table: 'subscription', order: 'started_at' },
];
const TICKETS: Collection = { key: 'supportTickets', db: 'support', table: 'support_ticket', order: 'opened_at' };
const MESSAGES: Collection = { key: 'messages', db: 'support', table: 'support_message', by: 'ticket_id', order: 'sent_at' };

/** Every column, like the entities (they map every column of their table). */
function selectIn(c: Collection, keys: number): string {
  const marks = Array.from({ length: keys }, () => '?').join(', ');
  return `SELECT * FROM ${c.table} WHERE ${c.by ?? 'subject_id'} IN (${marks})${c.order ? ` ORDER BY ${c.order} ASC, id ASC` : ''}`;
}

function groupBy(rows: readonly Row[], column: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = String(row[column]);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** JSON carries no bytes: documents travel as base64, as the GraphQL `contentBase64` field does. */
function withBase64(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = Buffer.isBuffer(v) ? v.toString('base64') : v;
  return out;
}

interface BaselineResult {
  exports: Array<Row | null>;
  json: string;
}

/**
 * The same SELECTs as the subgraphs (one per collection for all ids, tickets then their
 * messages), all independent ones at once, assembled into one export per subject and serialised.
 */
async function baselineExport(reader: Reader, ids: readonly string[]): Promise<BaselineResult> {
  const tickets = reader.all(TICKETS.db, selectIn(TICKETS, ids.length), ids);
  const messages = tickets.then((ts) => (ts.length === 0 ? [] : reader.all(MESSAGES.db, selectIn(MESSAGES, ts.length), ts.map((t) => String(t.id)))));
  const [collections, ticketRows, messageRows] = await Promise.all([
    Promise.all(COLLECTIONS.map((c) => reader.all(c.db, selectIn(c, ids.length), ids))),
    tickets,
    messages,
  ]);
  const grouped = COLLECTIONS.map((c, i) => groupBy(collections[i], c.by ?? 'subject_id'));
  const ticketsBySubject = groupBy(ticketRows, 'subject_id');
  const messagesByTicket = groupBy(messageRows, 'ticket_id');
  const exports = ids.map((id): Row | null => {
    const subject = grouped[0].get(id)?.[0];
    if (!subject) return null;
    const out: Row = { ...subject };
    COLLECTIONS.forEach((c, i) => {
      if (i === 0) return;
      const rows = grouped[i].get(id) ?? [];
      const json = c.table === 'shared_document' ? rows.map(withBase64) : rows;
      out[c.key] = c.one ? (json[0] ?? null) : json;
    });
    out[TICKETS.key] = (ticketsBySubject.get(id) ?? []).map((t) => ({ ...t, messages: messagesByTicket.get(String(t.id)) ?? [] }));
    return out;
  });
  return { exports, json: JSON.stringify(ids.length === 1 ? exports[0] : exports) };
}

/** Records per collection of one export; works on the gateway's and the baseline's alike. */
function recordCounts(subject: Row | null | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  if (!subject) return counts;
  const list = (value: unknown): Row[] => (Array.isArray(value) ? (value as Row[]) : []);
  for (const c of COLLECTIONS) if (!c.one) counts[c.key] = list(subject[c.key]).length;
  // The gateway folds consent events into one consent per purpose, each with its history.
  if ('consents' in subject) counts.consentEvents = list(subject.consents).reduce((n, c) => n + list(c.history).length, 0);
  const tickets = list(subject[TICKETS.key]);
  counts[TICKETS.key] = tickets.length;
  counts.messages = tickets.reduce((n, t) => n + list(t.messages).length, 0);
  return counts;
}

/** Records per collection over several exports. */
function sumCounts(subjects: ReadonlyArray<Row | null>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const s of subjects) for (const [k, v] of Object.entries(recordCounts(s))) total[k] = (total[k] ?? 0) + v;
  return total;
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

function totalRecords(counts: Record<string, number>): number {
  return Object.values(counts).reduce((n, v) => n + v, 0);
}

// ---------------------------------------------------------------------------------------------
// Through the gateway

interface Timed<T> {
  ms: number;
  bytes: number;
  data: T;
}

/** One POST as a client sends it; the clock stops when the whole body has arrived. */
async function post<T>(url: string, query: string, variables: Record<string, unknown>): Promise<Timed<T>> {
  const body = JSON.stringify({ query, variables });
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  const ms = performance.now() - started;
  const parsed = JSON.parse(text) as GraphQLResponse<T>;
  // A fast error is not a fast export: any error stops the benchmark.
  if (!res.ok || parsed.errors || !parsed.data) throw new Error(`gateway answered ${res.status}: ${parsed.errors?.map((e) => e.message).join('; ') ?? text.slice(0, 200)}`);
  return { ms, bytes: Buffer.byteLength(text), data: parsed.data };
}

type SingleData = { subject: Row | null };
type BatchData = { subjects: Array<Row | null> };

interface BatchResult {
  ms: number;
  bytes: number;
  subjects: Array<Row | null>;
}

/** MAX_IDS per call, so the bulk export is several calls sent together, as a client must. */
async function postBatch(url: string, query: string, ids: readonly string[]): Promise<BatchResult> {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += MAX_IDS) chunks.push(ids.slice(i, i + MAX_IDS));
  const started = performance.now();
  const parts = await Promise.all(chunks.map((chunk) => post<BatchData>(url, query, { ids: chunk })));
  const ms = performance.now() - started;
  const subjects = parts.flatMap((p) => p.data.subjects);
  if (subjects.length !== ids.length || subjects.some((s, i) => s?.id !== ids[i])) throw new Error('subjects(ids:) did not return every subject in order');
  return { ms, bytes: parts.reduce((n, p) => n + p.bytes, 0), subjects };
}

// ---------------------------------------------------------------------------------------------
// Statistics

interface Stats {
  p50: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile: a value that was really measured, never an interpolation. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    mean: sorted.reduce((n, v) => n + v, 0) / sorted.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

// ---------------------------------------------------------------------------------------------
// The running stack, and tearing it down whatever happened

interface Stack {
  cfg: DbConfig;
  servers: SubgraphServer[];
  gateway?: GatewayServer;
  gatewayUrl?: string;
  reader?: Reader;
}

async function listBenchDatabases(cfg: DbConfig): Promise<string[]> {
  const conn = await mysql.createConnection({ host: cfg.mysql.host, port: cfg.mysql.port, user: cfg.mysql.user, password: cfg.mysql.password });
  try {
    const [rows] = await conn.query<RowDataPacket[]>('SHOW DATABASES LIKE ?', [`${BENCH_PREFIX.replace(/_/g, '\\_')}\\_%`]);
    return rows.map((r) => String(Object.values(r)[0]));
  } finally {
    await conn.end();
  }
}

/** Safe to call twice (error, then Ctrl-C): each part is released once and failures are only reported. */
async function teardown(stack: Stack): Promise<void> {
  const attempt = async (what: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (error) {
      log(`cleanup: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const { gateway, reader } = stack;
  stack.gateway = undefined;
  stack.reader = undefined;
  if (gateway) await attempt('stopping the gateway', () => gateway.stop());
  if (reader) await attempt('closing the baseline connections', () => reader.close());
  for (const server of stack.servers.splice(0)) await attempt(`stopping ${server.name}`, () => server.stop());
  if (stack.cfg.kind === 'mysql') {
    await attempt('dropping the bench databases', async () => dropMysqlDatabases(stack.cfg, await listBenchDatabases(stack.cfg)));
  } else {
    await attempt('removing the bench SQLite files', async () => fs.rmSync(stack.cfg.sqliteDir, { recursive: true, force: true }));
  }
}

async function startStack(options: Options, stack: Stack): Promise<void> {
  if (stack.cfg.kind === 'mysql') {
    const stale = await listBenchDatabases(stack.cfg);
    if (stale.length > 0) log(`dropping ${stale.length} leftover bench database(s): ${stale.join(', ')}`);
    await dropMysqlDatabases(stack.cfg, stale);
  }
  const urls: Record<string, string> = {};
  for (const [i, name] of SUBGRAPH_NAMES.entries()) {
    const started = performance.now();
    log(`seeding ${i + 1}/${SUBGRAPH_NAMES.length}: ${name}, ${options.subjects} subjects...`);
    const server = await buildSubgraphServer(SUBGRAPHS[name], { db: stack.cfg, production: true });
    stack.servers.push(server);
    await reseed(SUBGRAPHS[name], server.db.dataSource, { subjects: options.subjects, now: BENCH_NOW });
    urls[name] = `${(await server.listen(0)).url}/graphql`;
    log(`  ${name} seeded and listening in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  stack.gateway = await buildGateway({ subgraphUrls: urls, production: true });
  stack.gatewayUrl = `${(await stack.gateway.listen(0)).url}/graphql`;
  stack.reader =
    stack.cfg.kind === 'mysql'
      ? mysqlReader(stack.cfg)
      : sqliteReader(Object.fromEntries(stack.servers.map((s) => [s.name, s.db.location])) as Record<SubgraphName, string>);
}

// ---------------------------------------------------------------------------------------------
// Measurements

interface Comparison {
  gateway: Stats;
  baseline: Stats;
  /** CPU time of this Node process per request: how much of the wall time is JavaScript at work. */
  gatewayCpu: Stats;
  baselineCpu: Stats;
  gatewayBytes: Stats;
  baselineBytes: Stats;
}

/** What one side reports of one request: its own wall time (each side knows when it is done) and size. */
interface Sample {
  ms: number;
  bytes: number;
}

/** Baseline wall time: from the first SELECT to the serialised JSON. */
async function timedBaseline(reader: Reader, ids: readonly string[]): Promise<Sample> {
  const started = performance.now();
  const { json } = await baselineExport(reader, ids);
  return { ms: performance.now() - started, bytes: Buffer.byteLength(json) };
}

/** Samples of both sides, interleaved: first one then the other, so load from elsewhere hits both alike. */
class Samples {
  private readonly wall = { gateway: [] as number[], baseline: [] as number[] };
  private readonly cpu = { gateway: [] as number[], baseline: [] as number[] };
  private readonly bytes = { gateway: [] as number[], baseline: [] as number[] };

  async run(run: number, viaGateway: () => Promise<Sample>, direct: () => Promise<Sample>): Promise<void> {
    const sides: Array<['gateway' | 'baseline', () => Promise<Sample>]> = [
      ['gateway', viaGateway],
      ['baseline', direct],
    ];
    if (run % 2 === 1) sides.reverse();
    for (const [side, fn] of sides) {
      // CPU of the whole process: client, gateway and subgraphs (or baseline) share it.
      const before = process.cpuUsage();
      const r = await fn();
      const used = process.cpuUsage(before);
      this.wall[side].push(r.ms);
      this.cpu[side].push((used.user + used.system) / 1000);
      this.bytes[side].push(r.bytes);
    }
  }

  result(): Comparison {
    return {
      gateway: stats(this.wall.gateway),
      baseline: stats(this.wall.baseline),
      gatewayCpu: stats(this.cpu.gateway),
      baselineCpu: stats(this.cpu.baseline),
      gatewayBytes: stats(this.bytes.gateway),
      baselineBytes: stats(this.bytes.baseline),
    };
  }
}

interface StatementCase {
  label: string;
  records: number;
  perSubgraph: Record<SubgraphName, number>;
  /** HTTP calls to the gateway the case took: counts are per call. */
  calls: number;
  /** The baseline read as many records: it really is the same data. */
  sameRows: boolean;
}

async function measureSingle(stack: Required<Stack>, options: Options, query: string): Promise<Comparison> {
  // Generated subjects only: the featured ones are edge cases (300 logs, 50 of everything).
  const pool = options.subjects - FEATURED.length;
  const idAt = (i: number): string => demoId('subject', FEATURED.length + (i % pool));
  log(`warming up: ${WARMUP} single exports each way...`);
  for (let i = 0; i < WARMUP; i += 1) {
    const id = idAt(options.runs + i);
    const [g, b] = [await post<SingleData>(stack.gatewayUrl, query, { id }), await baselineExport(stack.reader, [id])];
    if (!sameCounts(recordCounts(g.data.subject), recordCounts(b.exports[0]))) throw new Error(`gateway and baseline disagree on the records of ${id}`);
  }
  const samples = new Samples();
  const step = Math.max(1, Math.round(options.runs / 10));
  for (let i = 0; i < options.runs; i += 1) {
    const id = idAt(i);
    await samples.run(
      i,
      async () => {
        const r = await post<SingleData>(stack.gatewayUrl, query, { id });
        if (r.data.subject?.id !== id) throw new Error(`export of ${id} returned another subject`);
        return r;
      },
      () => timedBaseline(stack.reader, [id]),
    );
    if ((i + 1) % step === 0 || i + 1 === options.runs) log(`measuring single export: ${i + 1}/${options.runs}`);
  }
  return samples.result();
}

function batchIds(options: Options, run: number): string[] {
  const pool = options.subjects - FEATURED.length;
  const size = Math.min(BATCH_SUBJECTS, pool);
  // A different window of generated subjects each run (331 is prime: windows spread out).
  const start = FEATURED.length + ((run * 331) % (pool - size + 1));
  return Array.from({ length: size }, (_, i) => demoId('subject', start + i));
}

async function measureBatch(stack: Required<Stack>, options: Options, query: string): Promise<Comparison> {
  log(`warming up: ${BATCH_WARMUP} bulk exports each way...`);
  for (let i = 0; i < BATCH_WARMUP; i += 1) {
    const ids = batchIds(options, BATCH_RUNS + i);
    const g = await postBatch(stack.gatewayUrl, query, ids);
    const b = await baselineExport(stack.reader, ids);
    if (!sameCounts(sumCounts(g.subjects), sumCounts(b.exports))) throw new Error('gateway and baseline disagree on the records of a bulk export');
  }
  const samples = new Samples();
  for (let run = 0; run < BATCH_RUNS; run += 1) {
    const ids = batchIds(options, run);
    await samples.run(
      run,
      () => postBatch(stack.gatewayUrl, query, ids),
      () => timedBaseline(stack.reader, ids),
    );
    log(`measuring bulk export: ${run + 1}/${BATCH_RUNS}`);
  }
  return samples.result();
}

/** Statements per subgraph for one request; nothing else is in flight, so the counters are exact. */
async function countStatements(stack: Required<Stack>, send: () => Promise<Array<Row | null>>, baseline: () => Promise<BaselineResult>): Promise<Omit<StatementCase, 'label' | 'calls'>> {
  for (const s of stack.servers) s.sql.reset();
  const subjects = await send();
  const perSubgraph = Object.fromEntries(stack.servers.map((s) => [s.name, s.sql.total])) as Record<SubgraphName, number>;
  const gc = sumCounts(subjects);
  const bc = sumCounts((await baseline()).exports);
  return { perSubgraph, records: totalRecords(gc), sameRows: sameCounts(gc, bc) };
}

async function measureStatements(stack: Required<Stack>, options: Options, single: string, batch: string): Promise<StatementCase[]> {
  log('counting SQL statements...');
  const cases: StatementCase[] = [];
  const one = async (label: string, index: number): Promise<void> => {
    const id = demoId('subject', index);
    const counted = await countStatements(
      stack,
      async () => [(await post<SingleData>(stack.gatewayUrl, single, { id })).data.subject],
      () => baselineExport(stack.reader, [id]),
    );
    cases.push({ label, calls: 1, ...counted });
  };
  await one(`subject ${FEATURED_INDEX.oneEach}: 1 record per collection`, FEATURED_INDEX.oneEach);
  await one(`subject ${FEATURED_INDEX.fiftyEach}: 50 records per collection`, FEATURED_INDEX.fiftyEach);
  await one(`subject ${FEATURED_INDEX.manyConnectionLogs}: ${MANY_CONNECTION_LOGS} connection logs`, FEATURED_INDEX.manyConnectionLogs);
  const ids = batchIds(options, 0);
  const counted = await countStatements(
    stack,
    async () => (await postBatch(stack.gatewayUrl, batch, ids)).subjects,
    () => baselineExport(stack.reader, ids),
  );
  const calls = Math.ceil(ids.length / MAX_IDS);
  cases.push({ label: `subjects(ids:) for ${ids.length} subjects, ${plural(calls, 'call')} of up to ${MAX_IDS} ids`, calls, ...counted });
  return cases;
}

// ---------------------------------------------------------------------------------------------
// The report

interface Report {
  options: Options;
  date: Date;
  durationS: number;
  dbVersion: string;
  loadBefore: number[];
  loadAfter: number[];
  single: Comparison;
  batch: Comparison;
  batchSize: number;
  statements: StatementCase[];
}

const ms = (v: number): string => v.toFixed(v < 10 ? 2 : 1);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(1)}×`;
const size = (bytes: number): string =>
  `${Math.round(bytes).toLocaleString('en-US')} B (${bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 2 ** 20).toFixed(2)} MiB`})`;
const pct = (part: number, whole: number): string => `${Math.round((100 * part) / whole)} %`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function latencyTable(c: Comparison): string[] {
  return [
    '| | p50 (ms) | p95 (ms) | mean (ms) | min (ms) | max (ms) |',
    '|---|---:|---:|---:|---:|---:|',
    `| through the gateway | ${ms(c.gateway.p50)} | ${ms(c.gateway.p95)} | ${ms(c.gateway.mean)} | ${ms(c.gateway.min)} | ${ms(c.gateway.max)} |`,
    `| baseline (direct SQL) | ${ms(c.baseline.p50)} | ${ms(c.baseline.p95)} | ${ms(c.baseline.mean)} | ${ms(c.baseline.min)} | ${ms(c.baseline.max)} |`,
    `| **ratio gateway / baseline** | **${ratio(c.gateway.p50, c.baseline.p50)}** | **${ratio(c.gateway.p95, c.baseline.p95)}** | ${ratio(c.gateway.mean, c.baseline.mean)} | | |`,
    '',
    `CPU time of this Node process per request (mean): ${ms(c.gatewayCpu.mean)} ms through the gateway (${pct(c.gatewayCpu.mean, c.gateway.mean)} of its mean wall time), ${ms(c.baselineCpu.mean)} ms for the baseline (${pct(c.baselineCpu.mean, c.baseline.mean)}). It can exceed 100 %: garbage collection and I/O threads run beside the main thread.`,
  ];
}

function renderReport(r: Report): string {
  const { options } = r;
  const cpus = os.cpus();
  const same = r.statements.every((c) => SUBGRAPH_NAMES.every((n) => c.perSubgraph[n] / c.calls === r.statements[0].perSubgraph[n]));
  const first = r.statements[0].perSubgraph;
  const firstTotal = SUBGRAPH_NAMES.reduce((n, s) => n + first[s], 0);
  const overhead = r.single.gateway.p50 - r.single.baseline.p50;
  // Share of the wall time this process spent on the CPU: says whether the overhead is work or waiting.
  const busy = r.single.gatewayCpu.mean / r.single.gateway.mean;
  const calls = Math.ceil(r.batchSize / MAX_IDS);
  return [
    '# Benchmarks',
    '',
    '<!-- Generated by scripts/bench.ts (`npm run bench`). Do not edit by hand: rerun it. -->',
    '',
    'What a subject export costs through the federation, compared with the cheapest way to read the same rows.',
    '',
    `- **Through the gateway**: the real stack in one Node process: the four subgraphs (profile, sessions, billing, support), each on its own ${options.db === 'mysql' ? 'MySQL/MariaDB database' : 'SQLite file'}, and the gateway in front, all in production mode and all over real HTTP on loopback, as \`test/helpers/stack.ts\` wires them. A client POSTs the export query (\`exportQuery()\` from \`schema/supergraph.ts\`: every public field of \`DataSubject\`) and the clock stops when the whole response body has arrived.`,
    `- **Baseline**: the same process reads the same rows with ${options.db === 'mysql' ? '`mysql2/promise` (one pool per database)' : '`better-sqlite3` (one connection per file)'} and no GraphQL or HTTP at all: the SELECTs the subgraph stores run (subject, professional context, financial situation, consent events, sponsorship, preferences, the 7 sessions collections, the 4 billing collections, tickets then the messages of those tickets), every independent one at the same time, assembled into one JSON object per subject (documents in base64, as the API sends them) and serialised with \`JSON.stringify\`. Before measuring, the script checks that both read the same number of records in every collection.`,
    `- The demo population (\`common/demo/plan.ts\`) of ${options.subjects} subjects is seeded into fresh bench databases${options.db === 'mysql' ? ` (\`${BENCH_PREFIX}_*\`, dropped at the end)` : ' (a temporary folder, removed at the end)'}. Exports cycle over generated subjects (index ${FEATURED.length} and up: up to 5 records per collection), so no single subject is measured twice in a row.`,
    `- Each measurement is preceded by a warm-up (${WARMUP} single exports, ${BATCH_WARMUP} bulk exports, each way) so that connection pools, the gateway's query plan cache and the JIT are warm. Gateway and baseline requests are interleaved (alternating which goes first) and run one at a time, so other load on the machine hits both alike. Percentiles are nearest-rank.`,
    '',
    '## Setup',
    '',
    '| | |',
    '|---|---|',
    `| date | ${r.date.toISOString()} |`,
    `| command | \`${options.command}\` |`,
    `| subjects seeded | ${options.subjects} |`,
    `| runs | ${options.runs} single exports, ${BATCH_RUNS} bulk exports |`,
    `| CPU | ${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length} |`,
    `| memory | ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB |`,
    `| OS | ${os.type()} ${os.release()} ${os.arch()} |`,
    `| Node | ${process.version} |`,
    `| database | ${r.dbVersion} |`,
    `| load average (1 min) before / after | ${r.loadBefore[0].toFixed(2)} / ${r.loadAfter[0].toFixed(2)} (the build that \`npm run bench\` runs first and the run itself count in both) |`,
    `| whole run (seeding included) | ${(r.durationS / 60).toFixed(1)} min |`,
    '',
    '## 1. One subject\'s full export',
    '',
    `\`query SubjectExport($id: ID!) { subject(id: $id) { …everything… } }\`, ${options.runs} runs, one request at a time.`,
    '',
    ...latencyTable(r.single),
    '',
    `Response size of one export: median ${size(r.single.gatewayBytes.p50)}, largest ${size(r.single.gatewayBytes.max)} through the gateway; the baseline's JSON (database column names, consent events not folded per purpose): median ${size(r.single.baselineBytes.p50)}.`,
    '',
    `## 2. \`subjects(ids:)\` for ${r.batchSize} subjects`,
    '',
    `The same selection under \`subjects(ids: $ids)\`. The API takes at most ${MAX_IDS} ids per call, so one bulk export is **${plural(calls, 'call')} of up to ${MAX_IDS} ids${calls > 1 ? ', sent concurrently' : ''}**; the clock stops when the last response has arrived. A different window of ${r.batchSize} generated subjects each run, ${BATCH_RUNS} runs. The baseline reads the same ${r.batchSize} subjects with one \`IN (…)\` query per table (${r.batchSize} ids each, messages by ticket id).`,
    '',
    ...latencyTable(r.batch),
    '',
    `Response size: median ${size(r.batch.gatewayBytes.p50)} through the gateway (all calls together), ${size(r.batch.baselineBytes.p50)} for the baseline. Per subject: ${ms(r.batch.gateway.p50 / r.batchSize)} ms through the gateway, ${ms(r.batch.baseline.p50 / r.batchSize)} ms baseline (p50 / ${r.batchSize}).`,
    '',
    '## 3. SQL statements per export',
    '',
    'Counted by each subgraph\'s `SqlCounter` (reset before the request; transaction control not counted). Per call to the gateway:',
    '',
    `| export | records | ${SUBGRAPH_NAMES.join(' | ')} | total | baseline read the same records |`,
    `|---|---:|${SUBGRAPH_NAMES.map(() => '---:|').join('')}---:|---|`,
    ...r.statements.map((c) => {
      const per = SUBGRAPH_NAMES.map((n) => c.perSubgraph[n] / c.calls);
      const note = c.calls > 1 ? ` (all ${c.calls} calls together: ${SUBGRAPH_NAMES.map((n) => c.perSubgraph[n]).join(' / ')})` : '';
      return `| ${c.label}${note} | ${c.records.toLocaleString('en-US')} | ${per.join(' | ')} | ${per.reduce((a, b) => a + b, 0)} | ${c.sameRows ? 'yes' : '**no**'} |`;
    }),
    '',
    same
      ? `**The same for every case**: ${firstTotal} statements per call (${SUBGRAPH_NAMES.map((n) => `${n} ${first[n]}`).join(', ')}), one per collection, whether the export holds 1 record per collection, 50, ${MANY_CONNECTION_LOGS} connection logs or ${r.batchSize} subjects: DataLoader batches every key of a request into one \`IN (…)\` statement. The baseline runs the same SELECTs.`
      : '**The counts differ between cases**: some statement is issued per record or per subject. See the table above.',
    '',
    '## Reading the numbers',
    '',
    `The ratio says how many times longer an export takes through the federation than reading the same rows directly and serialising them once: ${ratio(r.single.gateway.p50, r.single.baseline.p50)} at p50 for one subject (about ${ms(overhead)} ms more per export) and ${ratio(r.batch.gateway.p50, r.batch.baseline.p50)} for ${r.batchSize} subjects. The SQL is the same on both sides (same statements, same rows), so the difference is the federation itself, ${busy >= 0.5 ? 'and it is mostly JavaScript at work rather than waiting' : 'though much of it is waiting rather than JavaScript at work'}: a single export through the gateway cost this process ${ms(r.single.gatewayCpu.mean)} ms of CPU time for ${ms(r.single.gateway.mean)} ms of wall time (means), against ${ms(r.single.baselineCpu.mean)} ms of CPU for the baseline. Where it goes:`,
    '',
    '- **HTTP hops**: the client calls the gateway, the gateway calls profile (`subject`/`subjects`), then sessions, billing and support in parallel with `_entities` for the ids profile returned. That is two sequential subgraph round trips per export, each with its own request parsing, body serialisation and response parsing.',
    '- **GraphQL execution**: the gateway and each subgraph parse and validate their operation and run a resolver per field of every record; the gateway then merges the four responses and serialises the result again. This is per-field work, so it grows with the number of records. Query planning itself is paid once per distinct query: after the warm-up the plan comes from the gateway\'s cache.',
    '- **JSON**: every record is serialised by its subgraph, parsed by the gateway, serialised again and parsed by the client; the baseline serialises once.',
    `- **One process**: here the client, the gateway, the four subgraphs and the baseline share one Node event loop on ${cpus.length} core${cpus.length > 1 ? 's' : ''}, so the subgraphs\' parallel work is not really parallel in JavaScript. In production each service is its own process (docker-compose.yml), which adds network latency between them but lets them use separate cores.`,
    '',
    'The figures are for this machine and this data; compare runs made with the same command on the same machine. Absolute times move between runs with whatever else the machine (or its host) is doing, for both sides at once since they are interleaved: the ratios are the steadier figure.',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  // Read when the gateway is constructed: the benchmark must not phone home.
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  const options = readOptions();
  const startedAt = performance.now();
  const base = dbConfigFromEnv();
  const cfg: DbConfig =
    options.db === 'mysql'
      ? { ...base, kind: 'mysql', databasePrefix: BENCH_PREFIX }
      : // Never the developer's ./data: a folder of its own, removed at the end.
        { ...base, kind: 'sqlite', sqliteDir: fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-bench-')) };
  const stack: Stack = { cfg, servers: [] };

  // One teardown, whoever asks first: a signal, an error, or the end of the run. Both wait for it.
  let cleanup: Promise<void> | undefined;
  const cleanUp = (): Promise<void> => (cleanup ??= teardown(stack));
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: cleaning up...`);
    void cleanUp().finally(() => process.exit(130));
  };
  // `on`, not `once`: a second Ctrl-C during the cleanup must not cut it short.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const loadBefore = os.loadavg();
    log(`bench: ${options.subjects} subjects, ${options.runs} runs, ${options.db}`);
    await startStack(options, stack);
    const running = stack as Required<Stack>;
    const schema = supergraphSchema();
    const single = exportQuery(schema);
    // Same selection as the single export, so both measure the same fields.
    const batch = `query SubjectsExport($ids: [ID!]!) {\n  subjects(ids: $ids) {\n${selectionOf(schema, 'DataSubject', '    ')}\n  }\n}\n`;

    const singleResult = await measureSingle(running, options, single);
    const batchResult = await measureBatch(running, options, batch);
    const statements = await measureStatements(running, options, single, batch);
    const report: Report = {
      options,
      date: new Date(),
      durationS: (performance.now() - startedAt) / 1000,
      dbVersion: await running.reader.version(),
      loadBefore,
      loadAfter: os.loadavg(),
      single: singleResult,
      batch: batchResult,
      batchSize: batchIds(options, 0).length,
      statements,
    };
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, renderReport(report));

    const s = singleResult;
    const b = batchResult;
    log('');
    log(`single export  gateway p50 ${ms(s.gateway.p50)} ms p95 ${ms(s.gateway.p95)} ms | baseline p50 ${ms(s.baseline.p50)} ms p95 ${ms(s.baseline.p95)} ms | ratio ${ratio(s.gateway.p50, s.baseline.p50)} / ${ratio(s.gateway.p95, s.baseline.p95)}`);
    log(`${String(report.batchSize).padStart(4)} subjects  gateway p50 ${ms(b.gateway.p50)} ms p95 ${ms(b.gateway.p95)} ms | baseline p50 ${ms(b.baseline.p50)} ms p95 ${ms(b.baseline.p95)} ms | ratio ${ratio(b.gateway.p50, b.baseline.p50)} / ${ratio(b.gateway.p95, b.baseline.p95)}`);
    for (const c of statements) log(`statements  ${SUBGRAPH_NAMES.map((n) => `${n} ${c.perSubgraph[n]}`).join(', ')}  <- ${c.label}${c.calls > 1 ? ' (all calls together)' : ''}${c.sameRows ? '' : '  (baseline read other records!)'}`);
    const shown = path.relative(process.cwd(), options.out);
    log(`wrote ${shown.startsWith('..') ? options.out : shown} in ${(report.durationS / 60).toFixed(1)} min`);
    return 0;
  } catch (error) {
    // Requests cut short by Ctrl-C fail too: that is not worth a stack trace.
    if (!interrupted) process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return interrupted ? 130 : 1;
  } finally {
    if (!interrupted) log('cleaning up...');
    await cleanUp();
  }
}

// Exit explicitly: keep-alive sockets of fetch would otherwise hold the process open for a while.
void main().then((code) => process.exit(code));
