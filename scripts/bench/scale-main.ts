/**
 * `npm run bench:scale [-- --largest 100]`: how cost grows with the work (scale.ts), written to the
 * "Scale" section of docs/benchmarks.md between its markers; the rest of the page is left as it
 * was measured. MySQL/MariaDB only. Takes about as long as the largest sweep and its copying.
 */
import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { chunkSettingsFromEnv } from '../../common/privacy-contract/retention.settings';
import { defineCli, runCli, usageError } from '../args';
import { log, type Options } from './cli';
import { ms } from './format';
import { measureScale, SWEEP_COPIES, type ScaleResult } from './scale';
import { SCALE, writeSection } from './sections';
import { teardown, type Stack } from './stack';

const n = (v: number): string => v.toLocaleString('en-US');

/**
 * What the sweep table says, computed: whether the longest statement at the largest population
 * took no longer than at the smallest (the acceptance of issue 19), and whether the work of one
 * statement (the most rows any one read) stayed bounded, which is what the chunks promise.
 */
function sweepReading(r: ScaleResult): string {
  const first = r.sweeps[0];
  const last = r.sweeps[r.sweeps.length - 1];
  const notLonger = last.longest.ms <= first.longest.ms;
  const mostFirst = first.longest.mostRowsExamined;
  const mostLast = last.longest.mostRowsExamined;
  const bounded = mostLast <= mostFirst * 1.5;
  return [
    `Every write changes at most a chunk of rows in its own transaction, so no lock is held for a whole table; from ${n(first.subjects)} to ${n(last.subjects)} subjects the statements grow with the rows (${n(first.statements)} to ${n(last.statements)}).`,
    `The longest single statement at ${n(last.subjects)} subjects ${notLonger ? 'is no longer than' : 'is LONGER than'} at ${n(first.subjects)}: ${ms(last.longest.ms)} ms against ${ms(first.longest.ms)} ms.`,
    `The most rows any one statement read ${bounded ? 'stays bounded' : 'GROWS'}: ${n(mostFirst)} at ${n(first.subjects)} subjects, ${n(mostLast)} at ${n(last.subjects)} (${bounded ? "a statement does the same work at any size: each reads at most a chunk's worth of its table and each of those rows' lookups, decision 268" : 'some statement reads more as the tables grow'}).`,
    `Below the longest, the tail: ${r.sweeps.map((c) => `p99 ${ms(c.longest.p99Ms)} ms and p99.9 ${ms(c.longest.p999Ms)} ms of ${n(c.longest.count)} statements at ${n(c.subjects)}`).join(', ')}.`,
    notLonger
      ? ''
      : `Windows are sized by the time they take, so a statement that ran longer than its window's target at the larger population was held up by the server rather than given more work (its rows read say how much it did): InnoDB's purge and page flushing and the other core's work share the two cores with it. The percentiles say how rare that is.`,
  ]
    .filter(Boolean)
    .join(' ');
}

function section(r: ScaleResult, date: Date, command: string, load: [number, number]): string {
  const chunks = chunkSettingsFromEnv();
  const first = r.records[0];
  const lines = [
    SCALE.start,
    '## Scale: cost against the work',
    '',
    `\`${command}\` (${date.toISOString()}, MariaDB, Node ${process.version}, ${os.cpus().length} CPUs; load average (1 min) ${load[0].toFixed(1)} before, ${load[1].toFixed(1)} after). Each part on bench databases of its own, in one process as \`npm run bench\` runs its stack.`,
    '',
    '### One export against the records it carries',
    '',
    'A generated subject of a 40-subject population is given 1, then 100, then 10,000 connection logs (copies of its first, a minute apart); its whole export (`exportQuery()`) is timed through the gateway and read directly (the baseline of section 1), p50 of 15 runs after 3 of warm-up. Statements are counted by the subgraphs for one export.',
    '',
    '| connection logs | records in the export | through the gateway (ms) | direct read (ms) | ratio | per record, gateway (ms) | statements | response |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.records.map(
      (c) =>
        `| ${n(c.connectionLogs)} | ${n(c.records)} | ${ms(c.gateway)} | ${ms(c.baseline)} | ${(c.gateway / c.baseline).toFixed(1)}× | ${(c.gateway / c.records).toFixed(3)} | ${c.statements} | ${n(Math.round(c.bytes / 1024))} KiB |`,
    ),
    '',
    `From ${n(first.records)} to ${n(r.records[r.records.length - 1].records)} records the statements stay ${r.records.every((c) => c.statements === first.statements) ? `${first.statements} (the same)` : 'NOT the same'}, and the time per record ${r.records[r.records.length - 1].gateway / r.records[r.records.length - 1].records <= first.gateway / first.records ? 'falls: the cost grows no faster than the records' : 'RISES: the cost grows faster than the records'}.`,
    '',
    '### A retention sweep against the population',
    '',
    `ophelantyra, 2,000 subjects of the demo population seeded 7 years and a month before ${'`2026-11-01`'} (as in section 5), then copied in SQL to ${SWEEP_COPIES.map((c) => n(2000 * c)).join(', ')} subjects (scripts/bench/clone.ts: every row of the four data subgraphs, new ids, the same dates), and swept as of 2026-11-01, answered once its legs are done (the real sweep: a dry run stays one transaction, rolled back, which at 200,000 subjects runs for minutes; section 5 times dry runs at 200 and 2,000). Writes go in windows of at most \`RETENTION_CHUNK_ROWS\` (${n(chunks.chunkRows)}) rows per statement and transaction, ${chunks.chunkMs === null ? 'every window that size' : `each sized by the time the last took, to last about \`RETENTION_CHUNK_MS\` (${chunks.chunkMs} ms; decision 328)`}. Before each sweep the bench waits for the server to come to rest (InnoDB's purge of what the copy left and its dirty pages written, the waits below): a nightly sweep does not start the second after seven million rows were copied in. The sweeps run with InnoDB's buffer pool at ${n(r.sizing.pool.duringMiB)} MiB and its redo log at ${n(r.sizing.redoLog.duringMiB)} MiB (the server's own, ${n(r.sizing.pool.beforeMiB)} and ${n(r.sizing.redoLog.beforeMiB)} MiB, put back after; decisions 321 and 324): a server holding 200,000 subjects is sized for them. The longest statement is the longest \`query_time\` MariaDB's slow log recorded (\`long_query_time = 0\`, log kept in a table for the run, settings put back after) in the bench databases during that call, with the rows it read (\`rows_examined\`): a statement that runs long holds its locks and undo log that long. The last column is the most rows any one statement of the sweep read, whichever it was: the work of the largest statement.`,
    '',
    '| subjects | run | time (s) | rows changed | statements | longest statement (ms) | its rows read | which | most rows read by one statement | p99 / p99.9 of its statements (ms) | waited for rest (s) |',
    '|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|',
    ...r.sweeps.map(
      (c) =>
        `| ${n(c.subjects)} | ${c.run} | ${(c.ms / 1000).toFixed(1)} | ${n(c.rows)} | ${n(c.statements)} | ${ms(c.longest.ms)} | ${n(c.longest.rowsExamined)} | \`${c.longest.text.slice(0, 70).replace(/\|/g, '\\|').replace(/`/g, '')}…\` | ${n(c.longest.mostRowsExamined)} | ${ms(c.longest.p99Ms)} / ${ms(c.longest.p999Ms)} | ${(c.rest.waitedMs / 1000).toFixed(1)} |`,
    ),
    '',
    sweepReading(r),
    '',
    SCALE.end,
  ];
  return lines.join('\n');
}

async function main(): Promise<number> {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  // One line per request would bury the progress lines.
  process.env.LOG_LEVEL ??= 'warn';
  const argv = process.argv.slice(2);
  const values = defineCli(
    {
      command: 'npm run bench:scale',
      summary: `Measures how an export grows with a subject's records and a sweep with the population, on
MySQL/MariaDB (MYSQL_*), and rewrites the "Scale" section of docs/benchmarks.md.`,
      options: {
        largest: {
          type: 'string',
          value: '<copies>',
          default: '100',
          help: 'the largest population, in copies of 2,000',
        },
        out: { type: 'string', value: '<file>', default: 'docs/benchmarks.md', help: 'the page to rewrite' },
      },
      examples: ['npm run bench:scale', 'npm run bench:scale -- --largest 10'],
      notes: 'Exit 0 once written; 2 for bad usage; 1 if a measurement failed.',
    },
    argv,
  );
  const largest = Number(values.largest);
  if (!SWEEP_COPIES.includes(largest as (typeof SWEEP_COPIES)[number]))
    throw usageError(`--largest takes one of ${SWEEP_COPIES.join(', ')}`);
  const options: Options = {
    subjects: 2000,
    runs: 15,
    db: 'mysql',
    out: path.resolve(values.out),
    command: `npm run bench:scale${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    only: null,
    seconds: 0,
    rightsOnly: false,
    cpuProf: null,
  };
  let current: Stack | undefined;
  const onSignal = (): void => {
    void (current ? teardown(current) : Promise.resolve()).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const before = os.loadavg()[0];
  const result = await measureScale(options, (s) => (current = s), largest);
  writeSection(options.out, SCALE, section(result, new Date(), options.command, [before, os.loadavg()[0]]));
  log(`wrote the scale section of ${path.relative(process.cwd(), options.out)}`);
  return 0;
}

runCli('bench:scale', main);
