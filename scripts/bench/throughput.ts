/**
 * The throughput section (issue 19): exports per second through our gateway and through the peer
 * gateways, over the same subgraph processes; then the rights mutations under load on ours
 * (throughput-rights.ts). Every gateway first answers the same exports with the same data, or
 * nothing is measured. Cells are cut into rounds and the gateways take turns within each round.
 */
import { FEATURED, FEATURED_INDEX } from '../../common/demo/plan';
import { demoId } from '../../common/demo/random';
import { MAX_IDS } from '../../common/validation';
import { exportQuery, selectionOf, supergraphSchema } from '../../schema/supergraph';
import { log } from './cli';
import { post, type SingleData } from './client';
import { ms } from './format';
import { addWindow, closedLoop, emptyWindow, rotate, type Window } from './load';
import { stats, type Stats } from './measure';
import { assertAlive, GATEWAYS, target, type GatewayName, type ThroughputStack } from './throughput-stack';

export const CONCURRENCY = [1, 10, 50] as const;
/** Each cell is measured in this many rounds; each round runs every gateway once, in turn. */
export const ROUNDS = 3;
/** Exports each gateway answers before anything is measured (pools, plan caches, JIT). */
export const WARMUP_EXPORTS = 30;
/** Exports cycle over the generated subjects below this index; erasures take those above it. */
export const EXPORT_POOL_END = 1000;

export interface Cell {
  gateway: GatewayName;
  concurrency: number;
  window: Window;
  latency: Stats;
  perSecond: number;
}

export interface Queries {
  single: string;
  batch: string;
}

export function queries(): Queries {
  const schema = supergraphSchema();
  return {
    single: exportQuery(schema),
    batch: `query SubjectsExport($ids: [ID!]!) {\n  subjects(ids: $ids) {\n${selectionOf(schema, 'DataSubject', '    ')}\n  }\n}\n`,
  };
}

/** The n-th subject of the export cycle: generated ones only (the featured are edge cases). */
export const exportSubject = (n: number): string =>
  demoId('subject', FEATURED.length + (n % (EXPORT_POOL_END - FEATURED.length)));

/** The n-th window of MAX_IDS generated subjects (331 is prime: windows spread over the pool). */
export function batchWindow(n: number): string[] {
  const pool = EXPORT_POOL_END - FEATURED.length;
  const start = FEATURED.length + ((n * 331) % (pool - MAX_IDS + 1));
  return Array.from({ length: MAX_IDS }, (_, i) => demoId('subject', start + i));
}

/** Key order is not data: objects compared with their keys sorted. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/** The same exports through every gateway give the same `data`, or the bench stops here. */
export async function checkIdentical(
  stack: ThroughputStack,
  q: Queries,
): Promise<{ exports: number; batchIds: number; bytes: number }> {
  const ids = [
    FEATURED_INDEX.oneEach,
    FEATURED_INDEX.fiftyEach,
    FEATURED_INDEX.manyConnectionLogs,
    FEATURED.length,
    FEATURED.length + 1,
  ].map((i) => demoId('subject', i));
  const cases = [
    ...ids.map((id) => ({ query: q.single, variables: { id }, label: id })),
    { query: q.batch, variables: { ids: batchWindow(0).slice(0, 50) }, label: 'subjects(ids:) of 50' },
  ];
  let bytes = 0;
  for (const c of cases) {
    const answers = await Promise.all(
      GATEWAYS.map(async (g) =>
        JSON.stringify(canonical((await post(target(stack, g, 'service'), c.query, c.variables)).data)),
      ),
    );
    const differing = GATEWAYS.filter((_, i) => answers[i] !== answers[0]);
    if (differing.length > 0)
      throw new Error(`${differing.join(', ')} answered other data than ours for ${c.label}: no figure would compare`);
    bytes += answers[0].length;
  }
  log(`same data through ${GATEWAYS.join(', ')} for ${cases.length} queries (${bytes} bytes of canonical JSON each)`);
  return { exports: ids.length, batchIds: 50, bytes };
}

async function exportVia(stack: ThroughputStack, g: GatewayName, q: string, id: string): Promise<void> {
  const r = await post<SingleData>(target(stack, g, 'service'), q, { id });
  if (r.data.subject?.id !== id) throw new Error(`export of ${id} returned another subject`);
}

async function warmUp(stack: ThroughputStack, q: Queries): Promise<void> {
  log(`warming up: ${WARMUP_EXPORTS} exports and 2 calls of ${MAX_IDS} ids through each gateway...`);
  for (const g of GATEWAYS) {
    for (let i = 0; i < WARMUP_EXPORTS; i += 1)
      await exportVia(stack, g, q.single, exportSubject(EXPORT_POOL_END - 1 - i));
    for (let i = 0; i < 2; i += 1) await post(target(stack, g, 'service'), q.batch, { ids: batchWindow(100 + i) });
  }
}

/** Whose CPU a gateway's cell reads: that gateway and every subgraph (the other gateways are idle). */
const procsOf = (stack: ThroughputStack, g: GatewayName) => [
  ...(stack.gateways[g] ? [stack.gateways[g]] : []),
  ...stack.subgraphs,
];

function toCell(gateway: GatewayName, concurrency: number, window: Window): Cell {
  if (window.errors > 0)
    throw new Error(
      `${gateway} failed ${window.errors} request(s) at concurrency ${concurrency}: ${window.errorSamples.join(' | ')}`,
    );
  return { gateway, concurrency, window, latency: stats(window.latencies), perSecond: window.count / window.seconds };
}

/**
 * Exports at each concurrency, and `subjects(ids:)` of MAX_IDS ids one call at a time: `cellSeconds`
 * per gateway and cell, in ROUNDS rounds. Each gateway cycles the same subjects in the same order.
 */
export async function measureExports(
  stack: ThroughputStack,
  q: Queries,
  cellSeconds: number,
): Promise<{ exports: Cell[]; batch: Cell[] }> {
  await warmUp(stack, q);
  const roundMs = (cellSeconds * 1000) / ROUNDS;
  const cursor = Object.fromEntries(GATEWAYS.map((g) => [g, 0])) as Record<GatewayName, number>;
  const measure = async (label: string, concurrency: number, send: (g: GatewayName, n: number) => Promise<void>) => {
    const totals = Object.fromEntries(GATEWAYS.map((g) => [g, emptyWindow()])) as Record<GatewayName, Window>;
    for (let r = 0; r < ROUNDS; r += 1)
      for (const g of rotate(GATEWAYS, r)) {
        const offset = cursor[g];
        const w = await closedLoop({
          concurrency,
          durationMs: roundMs,
          send: (n) => send(g, offset + n),
          procs: procsOf(stack, g),
        });
        cursor[g] += w.count + w.errors;
        totals[g] = addWindow(totals[g], w);
        assertAlive(stack);
      }
    const cells = GATEWAYS.map((g) => toCell(g, concurrency, totals[g]));
    for (const c of cells)
      log(
        `${label} c=${concurrency} ${c.gateway.padEnd(9)} ${c.perSecond.toFixed(1)}/s p50 ${ms(c.latency.p50)} ms p95 ${ms(c.latency.p95)} ms (${c.window.count})`,
      );
    return cells;
  };
  // Not `exports`: compiled to CommonJS, that name is the module's own.
  const exportCells: Cell[] = [];
  for (const c of CONCURRENCY)
    exportCells.push(...(await measure('exports', c, (g, n) => exportVia(stack, g, q.single, exportSubject(n)))));
  const batch = await measure(`subjects(ids:) of ${MAX_IDS}`, 1, async (g, n) => {
    const ids = batchWindow(n);
    const r = await post<{ subjects: Array<{ id: string } | null> }>(target(stack, g, 'service'), q.batch, { ids });
    if (r.data.subjects.length !== ids.length || r.data.subjects.some((s, i) => s?.id !== ids[i]))
      throw new Error('subjects(ids:) did not return every subject in order');
  });
  return { exports: exportCells, batch };
}
