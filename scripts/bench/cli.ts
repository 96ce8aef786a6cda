/**
 * The command line of the benchmark: the options it reads and the progress lines it prints.
 * `--only retention` measures the retention sweeps alone and rewrites only their section.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FEATURED } from '../../common/demo/plan';

export interface Options {
  subjects: number;
  runs: number;
  db: 'mysql' | 'sqlite';
  out: string;
  command: string;
  /** `--only retention`: measure the retention sweeps alone and replace their section of `out`. */
  only: 'retention' | null;
}

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function readOptions(): Options {
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv,
    options: {
      subjects: { type: 'string', default: '2000' },
      runs: { type: 'string', default: '200' },
      db: { type: 'string', default: 'mysql' },
      out: { type: 'string', default: 'docs/benchmarks.md' },
      only: { type: 'string' },
    },
  });
  const subjects = Number(values.subjects);
  const runs = Number(values.runs);
  // The featured subjects are measured one by one; the cycling export needs generated ones after them.
  const minSubjects = FEATURED.length + 20;
  if (!Number.isInteger(subjects) || subjects < minSubjects)
    throw new Error(`--subjects must be a whole number of at least ${minSubjects}`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number of at least 1');
  if (values.db !== 'mysql' && values.db !== 'sqlite') throw new Error('--db must be "mysql" or "sqlite"');
  if (values.only !== undefined && values.only !== 'retention') throw new Error('--only takes "retention"');
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
  };
}
