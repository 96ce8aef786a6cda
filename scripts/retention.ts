/**
 * `npm run retention -- [--dry-run] [--as-of YYYY-MM-DD]`: runs the retention sweep (or previews
 * it) through the running gateway as a dpo, waits for it, prints a table per subgraph and rule,
 * and exits 1 when a leg failed or is still pending.
 * `npm run retention -- --report --quarter 2026Q4`: what the sweeps of that quarter did, and what
 * falls due in the next one (a dry run as of its last day): ophelantyra's quarterly review.
 * Options: `npm run retention -- --help`.
 */
import 'reflect-metadata';
import { parseCalendarDate } from '../common/calendar-date';
import { signWithConfiguredKey } from '../common/caller-token';
import { readSecret } from '../common/secrets';
import { CliError, postToGateway } from './cli';
import { defineCli, runCli } from './args';

interface RuleLine {
  rule: string;
  entity: string;
  sentence: string;
  deleted: number;
  anonymised: number;
  kept: number;
  keptGround: string | null;
  subjects: number;
}
interface Run {
  id: string;
  status: string;
  asOf: string | null;
  dryRun: boolean;
  receivedAt: string;
  legs: Array<{ subgraph: string; status: string; lastError: string | null; retention: { rules: RuleLine[] } | null }>;
}

const RUN = `id status asOf dryRun receivedAt legs { subgraph status lastError retention { rules { rule entity sentence deleted anonymised kept keptGround subjects } } }`;

async function post<T>(gateway: string, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const body = await postToGateway<T>(gateway, token, query, variables);
  const error = body.errors?.[0];
  if (error || !body.data)
    throw new CliError(`${error?.extensions?.code ?? 'ERROR'}: ${error?.message ?? 'no data'}`, 2);
  return body.data;
}

type Row = [string, string, string, number, number, string, number];

function table(rows: Row[]): string {
  const head = ['subgraph', 'rule', 'entity', 'deleted', 'anonymised', 'kept under hold', 'subjects'];
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  return cells.map((c) => c.map((v, i) => v.padEnd(widths[i])).join('  ')).join('\n');
}

function rowsOf(runs: Run[]): Row[] {
  const sums = new Map<string, Row>();
  for (const run of runs)
    for (const leg of run.legs)
      for (const r of leg.retention?.rules ?? []) {
        const key = `${leg.subgraph}/${r.rule}/${r.entity}`;
        const row = sums.get(key) ?? [leg.subgraph, r.rule, r.entity, 0, 0, '0', 0];
        row[3] += r.deleted;
        row[4] += r.anonymised;
        const kept = Number(row[5].split(' ')[0]) + r.kept;
        row[5] = kept > 0 ? `${kept} (${r.keptGround ?? ''})` : '0';
        row[6] += r.subjects;
        sums.set(key, row);
      }
  return [...sums.values()];
}

/** 2026Q4 -> its first day, and the first and last day of the next quarter. */
export function quarterBounds(quarter: string): { start: string; end: string; nextEnd: string } {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!m) throw new CliError('--quarter must look like 2026Q4', 2);
  const year = Number(m[1]);
  const q = Number(m[2]);
  const day = (y: number, month: number) => new Date(Date.UTC(y, month, 1)).toISOString().slice(0, 10);
  const lastDay = (y: number, month: number) => new Date(Date.UTC(y, month, 0)).toISOString().slice(0, 10);
  return { start: day(year, (q - 1) * 3), end: day(year, q * 3), nextEnd: lastDay(year, q * 3 + 3) };
}

async function main(): Promise<number> {
  const values = defineCli({
    command: 'npm run retention',
    summary: `Runs the retention sweep (or previews it with --dry-run) through the running gateway as a dpo, waits
for every subgraph, and prints what each rule deleted, anonymised or kept. With --report --quarter:
what the sweeps of that quarter did and what falls due in the next one (the quarterly review).`,
    options: {
      'dry-run': { type: 'boolean', default: false, help: 'preview: count what would go, change nothing' },
      'as-of': { type: 'string', value: '<YYYY-MM-DD>', help: 'the day the sweep reads as today (default today)' },
      report: { type: 'boolean', default: false, help: 'the quarterly report instead of a sweep (needs --quarter)' },
      quarter: { type: 'string', value: '<YYYYQn>', help: 'with --report: which quarter, e.g. 2026Q4' },
      gateway: { type: 'string', value: '<url>', default: 'http://127.0.0.1:4000/graphql', help: 'the gateway' },
      token: { type: 'string', value: '<jwt>', help: "a dpo's token (default DSG_TOKEN, else one signed here)" },
      wait: { type: 'string', value: '<seconds>', default: '60', help: 'how long to wait for every leg, at most 3600' },
    },
    examples: [
      'npm run retention -- --dry-run',
      'npm run retention -- --dry-run --as-of 2027-06-30',
      'npm run retention -- --report --quarter 2026Q4',
    ],
    notes:
      'Exit 0 when every leg is done; 1 when a leg failed or is still pending; 2 for bad usage or a refused request; 3 when the gateway does not answer.',
  });
  const waitSeconds = Number(values.wait);
  if (!/^\d+$/.test(values.wait) || waitSeconds > 3600)
    throw new CliError('--wait must be a whole number of seconds, at most 3600', 2);
  const asOf = values['as-of'];
  if (asOf !== undefined && !parseCalendarDate(asOf)) throw new CliError('--as-of is not a date (YYYY-MM-DD)', 2);
  const token =
    values.token ??
    readSecret('DSG_TOKEN') ??
    (await signWithConfiguredKey({ sub: 'retention-tool', roles: ['dpo'] }, '15m'));
  const gateway = values.gateway;

  if (values.report) {
    if (!values.quarter) throw new CliError('--report needs --quarter (2026Q4)', 2);
    const { start, end, nextEnd } = quarterBounds(values.quarter);
    const { retentionRuns } = await post<{ retentionRuns: { nodes: Run[] } }>(
      gateway,
      token,
      `query($n: Int) { retentionRuns(first: $n) { nodes { ${RUN} } } }`,
      { n: 200 },
    );
    const inQuarter = retentionRuns.nodes.filter(
      (r) => r.status === 'COMPLETED' && r.asOf !== null && r.asOf >= start && r.asOf < end,
    );
    process.stdout.write(
      `Retention report ${values.quarter}: ${inQuarter.length} sweeps as of ${start} to ${end} (exclusive)\n\n`,
    );
    process.stdout.write(`${table(rowsOf(inQuarter))}\n\n`);
    const { r } = await post<{ r: Run }>(
      gateway,
      token,
      `mutation($a: String) { r: runRetention(asOf: $a, dryRun: true) { ${RUN} } }`,
      {
        a: nextEnd,
      },
    );
    process.stdout.write(`Due by the end of the next quarter (a dry run as of ${nextEnd}):\n\n${table(rowsOf([r]))}\n`);
    return 0;
  }

  let { r: run } = await post<{ r: Run }>(
    gateway,
    token,
    `mutation($a: String, $d: Boolean) { r: runRetention(asOf: $a, dryRun: $d) { ${RUN} } }`,
    { a: asOf ?? null, d: values['dry-run'] },
  );
  const until = Date.now() + waitSeconds * 1000;
  while (!['COMPLETED', 'FAILED'].includes(run.status) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    run = (
      await post<{ r: Run }>(gateway, token, `query($id: ID!) { r: dataSubjectRequest(id: $id) { ${RUN} } }`, {
        id: run.id,
      })
    ).r;
  }
  process.stdout.write(
    `${run.dryRun ? 'Dry run (nothing changed)' : `Sweep ${run.id}`} as of ${run.asOf}: ${run.status}\n\n${table(rowsOf([run]))}\n`,
  );
  const unfinished = run.legs.filter((l) => l.status !== 'DONE');
  for (const leg of unfinished) process.stdout.write(`leg ${leg.subgraph}: ${leg.status} (${leg.lastError ?? ''})\n`);
  return unfinished.length > 0 ? 1 : 0;
}

if (require.main === module) runCli('retention', main);
