/**
 * `npm run bench:worker [-- --waiting 1000 --db mysql|sqlite]`: the ledger's worker beside legs
 * that cannot run. Seeds a small population, records `--waiting` email changes that wait for
 * their code (four legs each, none runnable), then measures what one pass of the worker costs
 * over them (statements and time), and how long an erasure whose billing leg failed takes to
 * complete once billing is back (its next attempt is at most one retry delay away). Writes the
 * "Worker" section of docs/benchmarks.md between its markers; the rest is left as measured.
 *
 * Databases of its own (`dsg_workerbench_*`), so it never touches those of `npm run bench`.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defineCli, runCli, usageError } from '../args';
import { signCallerToken } from '../../common/caller-token';
import { dbConfigFromEnv, type DbConfig } from '../../common/config';
import { dropMysqlDatabases, listMysqlDatabases } from '../../common/datasource';
import { demoId } from '../../common/demo/random';
import { reseed } from '../../common/demo/seeding';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../../common/keys';
import { DEFAULT_LIMITS } from '../../gateway/limits';
import { SUBGRAPHS } from '../../subgraphs';
import { runningLedger } from '../../subgraphs/requests/requests.runtime';
import { startLocalStack, type LocalStack } from '../local-stack';
import { post, type GatewayTarget } from './client';
import { stats } from './measure';
import { WORKER, writeSection } from './sections';
import { BENCH_NOW } from './stack';

const PREFIX = 'dsg_workerbench';
const SUBJECTS = 40;
/** The retry delay of the run: base and cap alike, so "one retry delay" is one number. */
const RETRY_MS = 2000;
const PASSES = 20;

const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Result {
  waiting: number;
  submitSeconds: number;
  passStatements: number;
  passMs: ReturnType<typeof stats>;
  recoveryMs: number;
  db: string;
  load: [number, number];
}

async function recordWaiting(dpo: GatewayTarget, count: number): Promise<void> {
  for (let i = 0; i < count; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, async (_, k) => {
        const r = await post<{ r: { status: string } }>(
          dpo,
          'mutation($id: ID!, $email: String!) { r: rectifySubject(input: { subjectId: $id, changes: { email: $email }, identityVerification: { method: IDENTITY_DOCUMENT, evidenceRef: "bench" } }) { status } }',
          { id: demoId('subject', (i + k) % SUBJECTS), email: `waiting.${i + k}@example.org` },
        );
        if (r.data.r.status !== 'RECEIVED') throw new Error(`an email change answered ${r.data.r.status}`);
      }),
    );
    if ((i + 10) % 200 === 0) log(`  ${i + 10}/${count} email changes recorded`);
  }
}

/** An erasure with billing away, then billing back: ms from billing back to COMPLETED. */
async function recovery(local: LocalStack, dpo: GatewayTarget): Promise<number> {
  const billing = local.subgraphs.billing;
  const port = billing.listening.port;
  await billing.listening.close();
  const erased = await post<{ r: { id: string; status: string } }>(
    dpo,
    'mutation($id: ID!) { r: eraseSubject(input: { subjectId: $id, reason: "bench", identityVerification: { method: IDENTITY_DOCUMENT, evidenceRef: "bench" } }) { id status } }',
    { id: demoId('subject', 4) },
  );
  if (erased.data.r.status !== 'IN_PROGRESS') throw new Error(`the erasure answered ${erased.data.r.status}`);
  await sleep(RETRY_MS);
  billing.listening = await billing.server.listen(port);
  const back = performance.now();
  for (;;) {
    const r = await post<{ r: { status: string } }>(
      dpo,
      'query($id: ID!) { r: dataSubjectRequest(id: $id) { status } }',
      {
        id: erased.data.r.id,
      },
    );
    if (r.data.r.status === 'COMPLETED') return performance.now() - back;
    if (performance.now() - back > 60_000)
      throw new Error('the erasure did not complete within 60 s of billing coming back');
    await sleep(20);
  }
}

function section(r: Result): string {
  return [
    WORKER.start,
    '## Worker: legs that cannot run take no place',
    '',
    `\`npm run bench:worker -- --waiting ${r.waiting}\` (${new Date().toISOString()}, ${r.db}, ${os.cpus().length} CPUs shared with other work; load average (1 min) ${r.load[0].toFixed(1)} before, ${r.load[1].toFixed(1)} after). ${SUBJECTS} seeded subjects; ${r.waiting} email changes recorded through the gateway as a dpo (${r.submitSeconds.toFixed(1)} s), each waiting for the code sent to its new address: ${r.waiting * 4} legs due and unclaimed that cannot run. Retry delay ${RETRY_MS} ms (base and cap), the worker's loop every 1000 ms, its window 20 legs.`,
    '',
    '| measure | value |',
    '|---|---:|',
    `| statements of one pass of the worker over them (\`requests\`; no other service is called) | ${r.passStatements} |`,
    `| time of one pass, p50 / p95 over ${PASSES} passes (ms) | ${r.passMs.p50.toFixed(1)} / ${r.passMs.p95.toFixed(1)} |`,
    `| an erasure whose billing leg failed: ms from billing back to \`COMPLETED\` | ${Math.round(r.recoveryMs)} |`,
    '',
    `The pass selects only legs that can run (\`LedgerStore.dueLegs\`: not waiting for a code, for an earlier leg, or for a legal hold), so the waiting legs cost that one statement and never fill the window: the erasure's billing leg is taken at its next attempt, at most one retry delay (${RETRY_MS} ms) plus one loop interval after billing is back. Before this (the window filled by the oldest due legs, runnable or not), the same erasure stayed open until the codes were confirmed or expired (72 hours).`,
    WORKER.end,
  ].join('\n');
}

async function main(): Promise<void> {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  process.env.REQUESTS_RETRY_BASE_MS = String(RETRY_MS);
  process.env.REQUESTS_RETRY_MAX_MS = String(RETRY_MS);
  const values = defineCli({
    command: 'npm run bench:worker',
    summary: `Measures how the request worker's pass behaves with many requests waiting for an email code, on a
stack of its own, and rewrites its section of docs/benchmarks.md. Takes minutes; run it alone.`,
    options: {
      waiting: { type: 'string', value: '<n>', default: '1000', help: 'email changes left waiting for their code' },
      db: { type: 'string', value: '<mysql|sqlite>', default: 'mysql', help: 'the database to measure on' },
      out: {
        type: 'string',
        value: '<file>',
        default: path.join('docs', 'benchmarks.md'),
        help: 'the page to rewrite',
      },
    },
    examples: ['npm run bench:worker', 'npm run bench:worker -- --db sqlite --waiting 200 --out /tmp/bench.md'],
    notes: 'Exit 0 once written; 2 for bad usage; 1 if a measurement failed.',
  });
  const waiting = Number(values.waiting);
  if (!Number.isInteger(waiting) || waiting < 1) throw usageError('--waiting must be a whole number of at least 1');
  if (values.db !== 'mysql' && values.db !== 'sqlite') throw usageError('--db must be "mysql" or "sqlite"');
  const base = dbConfigFromEnv();
  const cfg: DbConfig =
    values.db === 'mysql'
      ? { ...base, kind: 'mysql', databasePrefix: PREFIX }
      : { ...base, kind: 'sqlite', sqliteDir: fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-workerbench-')) };
  const dropAll = async () => {
    if (cfg.kind === 'mysql') await dropMysqlDatabases(cfg, await listMysqlDatabases(cfg, PREFIX));
    else fs.rmSync(cfg.sqliteDir, { recursive: true, force: true });
  };
  const loadBefore = os.loadavg()[0];
  let local: LocalStack | undefined;
  try {
    if (cfg.kind === 'mysql') await dropAll();
    const secret = randomBytes(32).toString('base64url');
    log(`seeding ${SUBJECTS} subjects on ${values.db}...`);
    local = await startLocalStack({
      db: cfg,
      production: true,
      callerAuth: { key: { kind: 'secret', secret }, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE },
      internalSecret: randomBytes(32).toString('base64url'),
      limits: { ...DEFAULT_LIMITS, requestsPerMinute: Number.MAX_SAFE_INTEGER },
      prepare: (name, server) => reseed(SUBGRAPHS[name], server.db.dataSource, { subjects: SUBJECTS, now: BENCH_NOW }),
    });
    const dpo: GatewayTarget = {
      url: local.gatewayUrl,
      token: await signCallerToken(
        { sub: 'worker-bench', roles: ['dpo'] },
        { key: { kind: 'secret', secret }, expiresIn: '2h' },
      ),
    };
    log(`recording ${waiting} email changes that wait for their code...`);
    const started = performance.now();
    await recordWaiting(dpo, waiting);
    const submitSeconds = (performance.now() - started) / 1000;

    const requests = local.subgraphs.requests.server;
    const ledger = runningLedger(requests.db.dataSource);
    if (!ledger) throw new Error('the requests service made no ledger');
    const samples: number[] = [];
    let passStatements = 0;
    for (let i = 0; i < PASSES; i++) {
      requests.sql.reset();
      const t = performance.now();
      await ledger.fanout.tick();
      samples.push(performance.now() - t);
      passStatements = Math.max(passStatements, requests.sql.total);
    }
    log(
      `one pass over ${waiting * 4} waiting legs: ${passStatements} statement(s), p50 ${stats(samples).p50.toFixed(1)} ms`,
    );
    const recoveryMs = await recovery(local, dpo);
    log(`erasure with billing back: COMPLETED ${Math.round(recoveryMs)} ms after billing came back`);

    const version =
      cfg.kind === 'mysql'
        ? `MariaDB ${(await requests.db.dataSource.query<Array<{ v: string }>>('SELECT VERSION() AS v'))[0].v}`
        : 'SQLite';
    writeSection(
      values.out,
      WORKER,
      section({
        waiting,
        submitSeconds,
        passStatements,
        passMs: stats(samples),
        recoveryMs,
        db: version,
        load: [loadBefore, os.loadavg()[0]],
      }),
    );
    log(`wrote the worker section of ${values.out}`);
  } finally {
    await local?.stop();
    await dropAll();
  }
}

if (require.main === module) runCli('bench:worker', () => main().then(() => 0));
