/**
 * `npm run bench:bulk [-- --subjects 1000 --batch 100]`: the bulk
 * export (`npm run export -- --ids-file F --out DIR`) of a seeded MySQL/MariaDB population, as a
 * child process: its subjects per second and peak memory, beside a direct-SQL baseline that
 * reads the same subjects in the same batches (baseline.ts's SELECTs) and writes one JSON file
 * each the same way, also in a child process of its own so that its memory is its own. Then the
 * bulk export again, killed (SIGKILL) halfway and resumed, checked for every subject exactly once.
 * Writes the "Bulk export" section of docs/benchmarks.md (between its markers; the rest of the
 * file is left as it was measured).
 *
 * Its own databases (`dsg_bulkbench_*`) and its own stack, so it never touches the databases of
 * `npm run bench`, which may run at the same time.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineCli, runCli } from '../args';
import { signCallerToken } from '../../common/caller-token';
import { dbConfigFromEnv, type DbConfig } from '../../common/config';
import { dropMysqlDatabases, listMysqlDatabases } from '../../common/datasource';
import { demoId } from '../../common/demo/random';
import { reseed } from '../../common/demo/seeding';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../../common/keys';
import { DEFAULT_LIMITS } from '../../gateway/limits';
import { SUBGRAPHS } from '../../subgraphs';
import { startLocalStack, type LocalStack } from '../local-stack';
import { baselineExport, mysqlReader } from './baseline';
import { BULK, writeSection } from './sections';
import { BENCH_NOW } from './stack';

const PREFIX = 'dsg_bulkbench';
const EXPORT_CLI = path.join(__dirname, '..', 'export.js');

interface ChildRun {
  seconds: number;
  stderr: string;
  status: number | null;
  signal: NodeJS.Signals | null;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Runs a child node process; `killWhen` is polled every 10 ms and kills it (SIGKILL) when true. */
function runChild(args: string[], killWhen?: () => boolean): Promise<ChildRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = killWhen
      ? setInterval(() => {
          if (killWhen()) child.kill('SIGKILL');
        }, 10)
      : undefined;
    child.on('close', (status, signal) => {
      if (timer) clearInterval(timer);
      resolve({ seconds: (performance.now() - started) / 1000, stderr, status, signal });
    });
  });
}

function peakMiB(stderr: string): number {
  const m = /peak memory (\d+) MiB/.exec(stderr);
  if (!m) throw new Error(`no peak memory in the child's output: ${stderr.slice(-500)}`);
  return Number(m[1]);
}

/** The baseline's child: the same ids file, the same batches, one JSON file per subject by rename. */
async function baselineChild(cfg: DbConfig, idsFile: string, out: string, batch: number): Promise<void> {
  const reader = mysqlReader(cfg);
  const started = performance.now();
  const ids = fs.readFileSync(idsFile, 'utf8').split('\n').filter(Boolean);
  fs.mkdirSync(out, { recursive: true });
  for (let i = 0; i < ids.length; i += batch) {
    const chunk = ids.slice(i, i + batch);
    const { exports } = await baselineExport(reader, chunk);
    await Promise.all(
      exports.map(async (row, j) => {
        const file = path.join(out, `${chunk[j]}.json`);
        await fs.promises.writeFile(`${file}.tmp`, `${JSON.stringify(row, null, 2)}\n`);
        await fs.promises.rename(`${file}.tmp`, file);
      }),
    );
  }
  await reader.close();
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `baseline wrote ${ids.length} subjects in ${seconds.toFixed(1)} s; peak memory ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`,
  );
}

function checkExactlyOnce(out: string, ids: string[]): void {
  const files = fs.readdirSync(out).filter((f) => f.endsWith('.json'));
  const expected = new Set(ids.map((id) => `${id}.json`));
  if (files.length !== ids.length || files.some((f) => !expected.has(f)))
    throw new Error(`resumed export: ${files.length} files for ${ids.length} ids`);
  for (const f of files) {
    const parsed = JSON.parse(fs.readFileSync(path.join(out, f), 'utf8')) as { subjectId?: string };
    if (`${parsed.subjectId}.json` !== f) throw new Error(`${f} holds another subject`);
  }
  if (fs.readdirSync(out).some((f) => f.endsWith('.tmp'))) throw new Error('a temporary file was left behind');
}

function section(r: {
  subjects: number;
  batch: number;
  gateway: { seconds: number; peak: number };
  baseline: { seconds: number; peak: number };
  resume: { killedAt: number; seconds: number; peak: number };
  version: string;
  load: [number, number];
}): string {
  const rate = (s: number) => (r.subjects / s).toFixed(0);
  return [
    BULK.start,
    '## Bulk export',
    '',
    `\`npm run bench:bulk -- --subjects ${r.subjects} --batch ${r.batch}\` (${new Date().toISOString()}, ${r.version}, ${os.cpus().length} CPUs shared with other work; load average (1 min) ${r.load[0].toFixed(1)} before, ${r.load[1].toFixed(1)} after). ${r.subjects} seeded subjects (demo population, the same as \`npm run bench\`) in databases of its own; \`npm run export -- --ids-file ids.txt --out DIR --batch ${r.batch}\` run as a child process (\`node dist/scripts/export.js\`, a \`service\` token) against the stack (production mode, rate limits raised: they would only measure themselves). The baseline is also a child process: the same ids file, the same batches of ${r.batch}, the SELECTs of \`scripts/bench/baseline.ts\` (one \`IN (…)\` per table per batch) straight to MariaDB, and one JSON file per subject written the same way (temporary name, then rename). Wall time from spawning the process to its exit (Node's start included); peak memory is the process's maximum resident set (\`process.resourceUsage().maxRSS\`), which the export command prints at the end.`,
    '',
    '| | subjects | wall time (s) | subjects / s | peak memory (MiB) |',
    '|---|---:|---:|---:|---:|',
    `| bulk export through the gateway | ${r.subjects} | ${r.gateway.seconds.toFixed(1)} | ${rate(r.gateway.seconds)} | ${r.gateway.peak} |`,
    `| baseline (direct SQL) | ${r.subjects} | ${r.baseline.seconds.toFixed(1)} | ${rate(r.baseline.seconds)} | ${r.baseline.peak} |`,
    `| **ratio gateway / baseline** | | **${(r.gateway.seconds / r.baseline.seconds).toFixed(1)}×** | | ${(r.gateway.peak / r.baseline.peak).toFixed(1)}× |`,
    '',
    `**Killed and resumed.** The same export into a fresh folder, killed (SIGKILL) once ${r.resume.killedAt} files were written, then run again: it resumed from its checkpoint and finished in ${r.resume.seconds.toFixed(1)} s (peak ${r.resume.peak} MiB); the folder then held exactly one complete file per subject (${r.subjects}), each naming its own subject, and no temporary file. The command holds one batch of ids and exports at a time (the ids file is streamed), so its memory is meant not to grow with the count; measured here at this count only.`,
    BULK.end,
  ].join('\n');
}

async function main(): Promise<void> {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  const values = defineCli({
    command: 'npm run bench:bulk',
    summary: `Measures the bulk export (npm run export -- --ids-file) against direct SQL on MySQL/MariaDB, kills and
resumes it once, and rewrites its section of docs/benchmarks.md. Takes minutes; run it alone.`,
    options: {
      subjects: { type: 'string', value: '<n>', default: '1000', help: 'demo subjects to seed and export' },
      batch: { type: 'string', value: '<n>', default: '100', help: 'ids per subjects(ids:) call' },
      out: {
        type: 'string',
        value: '<file>',
        default: path.join('docs', 'benchmarks.md'),
        help: 'the page to rewrite',
      },
      'baseline-child': { type: 'boolean', default: false, help: 'internal: the direct-SQL baseline process' },
      'ids-file': { type: 'string', value: '<file>', help: 'internal, with --baseline-child' },
      dir: { type: 'string', value: '<dir>', help: 'internal, with --baseline-child' },
    },
    examples: ['npm run bench:bulk', 'npm run bench:bulk -- --subjects 200 --out /tmp/bench.md'],
    notes: 'Exit 0 once written; 2 for bad usage; 1 if a measurement failed.',
  });
  const cfg: DbConfig = { ...dbConfigFromEnv(), kind: 'mysql', databasePrefix: PREFIX };
  const batch = Number(values.batch);
  if (values['baseline-child']) return baselineChild(cfg, values['ids-file']!, values.dir!, batch);

  const subjects = Number(values.subjects);
  const loadBefore = os.loadavg()[0];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-bulkbench-'));
  let local: LocalStack | undefined;
  const dropAll = async () => dropMysqlDatabases(cfg, await listMysqlDatabases(cfg, PREFIX));
  try {
    await dropAll();
    const secret = randomBytes(32).toString('base64url');
    log(`seeding ${subjects} subjects on MySQL/MariaDB...`);
    local = await startLocalStack({
      db: cfg,
      production: true,
      callerAuth: { key: { kind: 'secret', secret }, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE },
      internalSecret: randomBytes(32).toString('base64url'),
      limits: {
        ...DEFAULT_LIMITS,
        requestsPerMinute: Number.MAX_SAFE_INTEGER,
        exportsPerMinute: Number.MAX_SAFE_INTEGER,
      },
      prepare: (name, server) => reseed(SUBGRAPHS[name], server.db.dataSource, { subjects, now: BENCH_NOW }),
    });
    const token = await signCallerToken(
      { sub: 'bulk-bench', roles: ['service'] },
      { key: { kind: 'secret', secret }, expiresIn: '2h' },
    );
    const ids = Array.from({ length: subjects }, (_, i) => demoId('subject', i));
    const idsFile = path.join(work, 'ids.txt');
    fs.writeFileSync(idsFile, `${ids.join('\n')}\n`);
    const exportArgs = (out: string) => [
      EXPORT_CLI,
      ...['--ids-file', idsFile, '--out', out, '--batch', String(batch)],
      ...['--gateway', local!.gatewayUrl, '--token', token],
    ];

    // Warm-up (query plan cache, pools, JIT of the in-process services), not measured.
    await runChild(exportArgs(path.join(work, 'warm')));
    const full = await runChild(exportArgs(path.join(work, 'full')));
    if (full.status !== 0) throw new Error(`bulk export failed: ${full.stderr}`);
    checkExactlyOnce(path.join(work, 'full'), ids);
    log(`bulk export: ${subjects} in ${full.seconds.toFixed(1)} s, peak ${peakMiB(full.stderr)} MiB`);

    const base = await runChild([
      __filename,
      ...['--baseline-child', '--ids-file', idsFile, '--dir', path.join(work, 'baseline'), '--batch', String(batch)],
    ]);
    if (base.status !== 0) throw new Error(`baseline failed: ${base.stderr}`);
    log(`baseline: ${subjects} in ${base.seconds.toFixed(1)} s, peak ${peakMiB(base.stderr)} MiB`);

    const resumed = path.join(work, 'resumed');
    const half = Math.floor(subjects / 2);
    const killed = await runChild(
      exportArgs(resumed),
      () => fs.existsSync(resumed) && fs.readdirSync(resumed).length >= half,
    );
    if (killed.signal !== 'SIGKILL') throw new Error('the export ended before it could be killed');
    const killedAt = fs.readdirSync(resumed).filter((f) => f.endsWith('.json')).length;
    const second = await runChild(exportArgs(resumed));
    if (second.status !== 0 || !second.stderr.includes('resuming after line'))
      throw new Error(`resumed export failed: ${second.stderr}`);
    checkExactlyOnce(resumed, ids);
    log(`killed at ${killedAt} files, resumed in ${second.seconds.toFixed(1)} s: every subject exactly once`);

    const version = (
      await local.subgraphs.profile.server.db.dataSource.query<Array<{ v: string }>>('SELECT VERSION() AS v')
    )[0].v;
    writeSection(
      values.out,
      BULK,
      section({
        subjects,
        batch,
        gateway: { seconds: full.seconds, peak: peakMiB(full.stderr) },
        baseline: { seconds: base.seconds, peak: peakMiB(base.stderr) },
        resume: { killedAt, seconds: second.seconds, peak: peakMiB(second.stderr) },
        version: `MariaDB ${version}`,
        load: [loadBefore, os.loadavg()[0]],
      }),
    );
    log(`wrote the bulk export section of ${values.out}`);
  } finally {
    await local?.stop();
    await dropAll();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) runCli('bench:bulk', () => main().then(() => 0));
