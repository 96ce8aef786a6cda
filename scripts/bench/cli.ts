/**
 * The command line of the benchmark: the options it reads and the progress lines it prints.
 * `--only retention` measures the retention sweeps alone and rewrites only their section;
 * `--only throughput` measures the throughput section (every service its own process, peers).
 */
import path from 'node:path';
import { FEATURED } from '../../common/demo/plan';
import { defineCli, usageError } from '../args';

export interface Options {
  subjects: number;
  runs: number;
  db: 'mysql' | 'sqlite';
  out: string;
  command: string;
  /** `--only retention|throughput`: measure that section alone and replace it in `out`. */
  only: 'retention' | 'throughput' | null;
  /** Throughput section: measured seconds per gateway and cell. */
  seconds: number;
  /**
   * `--only throughput --rights-only`: the rights loads alone (erasures, then mixed) on our
   * gateway's stack, no peers, no exports; printed, nothing written.
   */
  rightsOnly: boolean;
  /** `--cpu-prof <dir>` (with --only throughput): every service writes a V8 CPU profile in <dir>/<name>/. */
  cpuProf: string | null;
}

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function readOptions(): Options {
  const argv = process.argv.slice(2);
  const values = defineCli(
    {
      command: 'npm run bench',
      summary: `Measures the gateway on a seeded stack of its own (MySQL/MariaDB at MYSQL_* by default, or a
temporary SQLite folder) and rewrites its sections of docs/benchmarks.md. Takes minutes; run it alone.`,
      options: {
        subjects: { type: 'string', value: '<n>', default: '2000', help: 'demo subjects to seed' },
        runs: { type: 'string', value: '<n>', default: '200', help: 'measured runs per query' },
        db: { type: 'string', value: '<mysql|sqlite>', default: 'mysql', help: 'the database to measure on' },
        out: { type: 'string', value: '<file>', default: 'docs/benchmarks.md', help: 'the page to rewrite' },
        only: {
          type: 'string',
          value: '<retention|throughput>',
          help: 'measure that section alone (throughput: each service its own process, Hive Gateway as peers)',
        },
        seconds: { type: 'string', value: '<s>', default: '12', help: 'throughput: measured seconds per cell' },
        'rights-only': {
          type: 'boolean',
          help: 'throughput: the rights loads alone on our gateway (no peers, no exports); printed, nothing written',
        },
        'cpu-prof': {
          type: 'string',
          value: '<dir>',
          help: 'throughput: every service writes a V8 CPU profile into <dir>/<name>/ when it stops',
        },
      },
      examples: [
        'npm run bench',
        'npm run bench -- --db sqlite --subjects 500 --runs 50',
        'npm run bench -- --only throughput',
        'npm run bench -- --only throughput --rights-only --subjects 3000 --seconds 20',
      ],
      notes: 'Exit 0 once written; 2 for bad usage; 1 if a measurement failed.',
    },
    argv,
  );
  const subjects = Number(values.subjects);
  const runs = Number(values.runs);
  // The featured subjects are measured one by one; the cycling export needs generated ones after them.
  const minSubjects = FEATURED.length + 20;
  if (!Number.isInteger(subjects) || subjects < minSubjects)
    throw usageError(`--subjects must be a whole number of at least ${minSubjects}`);
  if (!Number.isInteger(runs) || runs < 1) throw usageError('--runs must be a whole number of at least 1');
  if (values.db !== 'mysql' && values.db !== 'sqlite') throw usageError('--db must be "mysql" or "sqlite"');
  if (values.only !== undefined && values.only !== 'retention' && values.only !== 'throughput')
    throw usageError('--only takes "retention" or "throughput"');
  if ((values['rights-only'] || values['cpu-prof'] !== undefined) && values.only !== 'throughput')
    throw usageError('--rights-only and --cpu-prof go with --only throughput');
  const seconds = Number(values.seconds);
  if (!Number.isFinite(seconds) || seconds < 1) throw usageError('--seconds must be a number of at least 1');
  // npm hides itself from argv: say which of the two commands was typed, so it can be retyped.
  const launcher =
    process.env.npm_lifecycle_event === 'bench'
      ? `npm run bench${argv.length > 0 ? ' --' : ''}`
      : 'node dist/scripts/bench/main.js';
  return {
    subjects,
    runs,
    db: values.db,
    out: path.resolve(values.out),
    command: [launcher, ...argv.map(shellQuote)].join(' '),
    only: values.only ?? null,
    seconds,
    rightsOnly: values['rights-only'] === true,
    cpuProf: values['cpu-prof'] === undefined ? null : path.resolve(values['cpu-prof']),
  };
}
