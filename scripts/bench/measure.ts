/**
 * The measurements: both sides timed in turn, percentiles, CPU accounting, and the SQL
 * statements each subgraph issues per export.
 */
import { performance } from 'node:perf_hooks';
import type { SubgraphName } from '../../common/config';
import { FEATURED, FEATURED_INDEX, MANY_CONNECTION_LOGS } from '../../common/demo/plan';
import { demoId } from '../../common/demo/random';
import { MAX_IDS } from '../../common/validation';
import {
  baselineExport,
  recordCounts,
  sameCounts,
  sumCounts,
  totalRecords,
  type BaselineResult,
  type Reader,
  type Row,
} from './baseline';
import { log, type Options } from './cli';
import { post, postBatch, type SingleData } from './client';
import { plural } from './format';
import type { Stack } from './stack';

export const WARMUP = 20;
/** The bulk export: how many subjects, and how often. */
const BATCH_SUBJECTS = 1000;
export const BATCH_RUNS = 20;
export const BATCH_WARMUP = 5;

export interface Stats {
  p50: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile: a value that was really measured, never an interpolation. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    mean: sorted.reduce((n, v) => n + v, 0) / sorted.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

export interface Comparison {
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

export interface StatementCase {
  label: string;
  records: number;
  perSubgraph: Record<SubgraphName, number>;
  /** HTTP calls to the gateway the case took: counts are per call. */
  calls: number;
  /** The baseline read as many records: it really is the same data. */
  sameRows: boolean;
}

export async function measureSingle(stack: Required<Stack>, options: Options, query: string): Promise<Comparison> {
  // Generated subjects only: the featured ones are edge cases (300 logs, 50 of everything).
  const pool = options.subjects - FEATURED.length;
  const idAt = (i: number): string => demoId('subject', FEATURED.length + (i % pool));
  log(`warming up: ${WARMUP} single exports each way...`);
  for (let i = 0; i < WARMUP; i += 1) {
    const id = idAt(options.runs + i);
    const [g, b] = [await post<SingleData>(stack.gateway, query, { id }), await baselineExport(stack.reader, [id])];
    if (!sameCounts(recordCounts(g.data.subject), recordCounts(b.exports[0])))
      throw new Error(`gateway and baseline disagree on the records of ${id}`);
  }
  const samples = new Samples();
  const step = Math.max(1, Math.round(options.runs / 10));
  for (let i = 0; i < options.runs; i += 1) {
    const id = idAt(i);
    await samples.run(
      i,
      async () => {
        const r = await post<SingleData>(stack.gateway, query, { id });
        if (r.data.subject?.id !== id) throw new Error(`export of ${id} returned another subject`);
        return r;
      },
      () => timedBaseline(stack.reader, [id]),
    );
    if ((i + 1) % step === 0 || i + 1 === options.runs) log(`measuring single export: ${i + 1}/${options.runs}`);
  }
  return samples.result();
}

export function batchIds(options: Options, run: number): string[] {
  const pool = options.subjects - FEATURED.length;
  const size = Math.min(BATCH_SUBJECTS, pool);
  // A different window of generated subjects each run (331 is prime: windows spread out).
  const start = FEATURED.length + ((run * 331) % (pool - size + 1));
  return Array.from({ length: size }, (_, i) => demoId('subject', start + i));
}

export async function measureBatch(stack: Required<Stack>, options: Options, query: string): Promise<Comparison> {
  log(`warming up: ${BATCH_WARMUP} bulk exports each way...`);
  for (let i = 0; i < BATCH_WARMUP; i += 1) {
    const ids = batchIds(options, BATCH_RUNS + i);
    const g = await postBatch(stack.gateway, query, ids);
    const b = await baselineExport(stack.reader, ids);
    if (!sameCounts(sumCounts(g.subjects), sumCounts(b.exports)))
      throw new Error('gateway and baseline disagree on the records of a bulk export');
  }
  const samples = new Samples();
  for (let run = 0; run < BATCH_RUNS; run += 1) {
    const ids = batchIds(options, run);
    await samples.run(
      run,
      () => postBatch(stack.gateway, query, ids),
      () => timedBaseline(stack.reader, ids),
    );
    log(`measuring bulk export: ${run + 1}/${BATCH_RUNS}`);
  }
  return samples.result();
}

/** Statements per subgraph for one request; nothing else is in flight, so the counters are exact. */
async function countStatements(
  stack: Required<Stack>,
  send: () => Promise<Array<Row | null>>,
  baseline: () => Promise<BaselineResult>,
): Promise<Omit<StatementCase, 'label' | 'calls'>> {
  for (const s of stack.servers) s.sql.reset();
  const subjects = await send();
  const perSubgraph = Object.fromEntries(stack.servers.map((s) => [s.name, s.sql.total])) as Record<
    SubgraphName,
    number
  >;
  const gc = sumCounts(subjects);
  const bc = sumCounts((await baseline()).exports);
  return { perSubgraph, records: totalRecords(gc), sameRows: sameCounts(gc, bc) };
}

export async function measureStatements(
  stack: Required<Stack>,
  options: Options,
  single: string,
  batch: string,
): Promise<StatementCase[]> {
  log('counting SQL statements...');
  const cases: StatementCase[] = [];
  const one = async (label: string, index: number): Promise<void> => {
    const id = demoId('subject', index);
    const counted = await countStatements(
      stack,
      async () => [(await post<SingleData>(stack.gateway, single, { id })).data.subject],
      () => baselineExport(stack.reader, [id]),
    );
    cases.push({ label, calls: 1, ...counted });
  };
  await one(`subject ${FEATURED_INDEX.oneEach}: 1 record per collection`, FEATURED_INDEX.oneEach);
  await one(`subject ${FEATURED_INDEX.fiftyEach}: 50 records per collection`, FEATURED_INDEX.fiftyEach);
  await one(
    `subject ${FEATURED_INDEX.manyConnectionLogs}: ${MANY_CONNECTION_LOGS} connection logs`,
    FEATURED_INDEX.manyConnectionLogs,
  );
  const ids = batchIds(options, 0);
  const counted = await countStatements(
    stack,
    async () => (await postBatch(stack.gateway, batch, ids)).subjects,
    () => baselineExport(stack.reader, ids),
  );
  const calls = Math.ceil(ids.length / MAX_IDS);
  cases.push({
    label: `subjects(ids:) for ${ids.length} subjects, ${plural(calls, 'call')} of up to ${MAX_IDS} ids`,
    calls,
    ...counted,
  });
  return cases;
}
