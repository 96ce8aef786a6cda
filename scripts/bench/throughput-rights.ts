/**
 * Rights under load, through our gateway only (the peers would call the same subgraphs with a
 * token that lets them do nothing a DPO may: see peers.ts): erasures of distinct subjects by
 * RIGHTS_CONCURRENCY clients, then exports, rectifications and erasures mixed. Errors are counted,
 * not fatal; every process's log is searched for deadlocks afterwards.
 */
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { demoId } from '../../common/demo/random';
import { log } from './cli';
import { post, type SingleData } from './client';
import { ms } from './format';
import { closedLoop, type Window } from './load';
import { stats, type Stats } from './measure';
import { deadlockLines } from './processes';
import { RIGHTS_OPERATIONS } from './rights';
import { EXPORT_POOL_END, exportSubject } from './throughput';
import { allProcesses, assertAlive, target, type ThroughputStack } from './throughput-stack';

export const RIGHTS_CONCURRENCY = 20;
export const MIXED_KINDS = ['export', 'rectify', 'erase'] as const;
type MixedKind = (typeof MIXED_KINDS)[number];

export interface RightsLoad {
  window: Window;
  latency: Stats;
  perSecond: number;
  /** What the mutations answered: COMPLETED, or IN_PROGRESS when a leg outlived the wait. */
  statuses: Record<string, number>;
  /** Requests answered, per kind (the mixed load). */
  kinds: Partial<Record<MixedKind, number>>;
  /** Log lines that speak of a deadlock, per process, written during this load. */
  deadlocks: Record<string, number>;
  /**
   * The server's `Innodb_deadlocks` counter over the load: every deadlock InnoDB resolved, those
   * our stores ran again (common/mutex.ts, not logged) included; server-wide, so other work on
   * the same server counts too.
   */
  innodbDeadlocks: number;
}

async function innodbDeadlocks(stack: ThroughputStack): Promise<number> {
  const { host, port, user, password } = stack.cfg.mysql;
  const conn = await mysql.createConnection({ host, port, user, password });
  try {
    const [rows] = await conn.query<RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'");
    return Number(rows[0]?.Value ?? 0);
  } finally {
    await conn.end();
  }
}

function deadlockCounts(stack: ThroughputStack): Record<string, number> {
  return Object.fromEntries(allProcesses(stack).map((p) => [p.name, deadlockLines(p).length]));
}

async function mutate(stack: ThroughputStack, op: 'erase' | 'rectify', id: string, statuses: Record<string, number>) {
  const r = await post<{ r: { status: string } }>(target(stack, 'ours', 'dpo'), RIGHTS_OPERATIONS[op], { id });
  statuses[r.data.r.status] = (statuses[r.data.r.status] ?? 0) + 1;
}

async function underLoad(
  stack: ThroughputStack,
  label: string,
  options: { seconds: number; maxCount?: number; marks: boolean },
  send: (n: number, statuses: Record<string, number>) => Promise<void>,
): Promise<Omit<RightsLoad, 'kinds'>> {
  const before = deadlockCounts(stack);
  const innodbBefore = await innodbDeadlocks(stack);
  const statuses: Record<string, number> = {};
  // CLOCK_MONOTONIC in µs: the clock of V8's CPU profiles, to cut this window out of them.
  const startUs = process.hrtime.bigint() / 1000n;
  const window = await closedLoop({
    concurrency: RIGHTS_CONCURRENCY,
    durationMs: options.seconds * 1000,
    maxCount: options.maxCount,
    send: (n) => send(n, statuses),
    procs: allProcesses(stack),
  });
  if (options.marks) log(`${label}: window ${startUs}..${process.hrtime.bigint() / 1000n} µs (monotonic)`);
  assertAlive(stack);
  const after = deadlockCounts(stack);
  const innodb = (await innodbDeadlocks(stack)) - innodbBefore;
  const deadlocks = Object.fromEntries(Object.keys(after).map((n) => [n, after[n] - (before[n] ?? 0)]));
  const result = {
    window,
    latency: stats(window.latencies.length > 0 ? window.latencies : [0]),
    perSecond: window.count / window.seconds,
    statuses,
    deadlocks,
    innodbDeadlocks: innodb,
  };
  const dl = Object.values(deadlocks).reduce((a, b) => a + b, 0);
  log(
    `${label} c=${RIGHTS_CONCURRENCY}: ${result.perSecond.toFixed(1)}/s p50 ${ms(result.latency.p50)} ms p95 ${ms(result.latency.p95)} ms, ${window.count} answered, ${window.errors} errors, ${dl} deadlock lines, InnoDB deadlocks ${innodb}, statuses ${JSON.stringify(statuses)}`,
  );
  const cpu = Object.entries(window.cpu).map(([name, t]) => `${name} ${ms(t / Math.max(1, window.count))}`);
  log(`  CPU ms per answer: ${cpu.join(', ')}`);
  if (window.errorSamples.length > 0) log(`  errors: ${window.errorSamples.join(' | ')}`);
  return result;
}

/** What the rights loads are asked: `marks` prints their windows, `warmUpSeconds` erases first, unmeasured. */
export interface RightsLoadOptions {
  marks?: boolean;
  /**
   * Erasures before the measured ones (not counted), from the end of their pool: `--rights-only`
   * starts on a stack that has just seeded, whose processes have compiled nothing yet and whose
   * server is still writing the seed out; the full run's exports come first and do that.
   */
  warmUpSeconds?: number;
}

/**
 * Erasures of distinct subjects from EXPORT_POOL_END up, then the mixed load: exports and
 * rectifications over the export pool, erasures of distinct subjects from `mixedFrom` up.
 */
export async function measureRightsLoad(
  stack: ThroughputStack,
  subjects: number,
  seconds: number,
  single: string,
  { marks = false, warmUpSeconds = 0 }: RightsLoadOptions = {},
): Promise<{ erasures: RightsLoad; mixed: RightsLoad }> {
  const mixedFrom = EXPORT_POOL_END + Math.floor((subjects - EXPORT_POOL_END) * 0.6);
  let warmed = 0;
  if (warmUpSeconds > 0) {
    const warm = await closedLoop({
      concurrency: RIGHTS_CONCURRENCY,
      durationMs: warmUpSeconds * 1000,
      maxCount: Math.floor((mixedFrom - EXPORT_POOL_END) / 4),
      send: (n) => mutate(stack, 'erase', demoId('subject', mixedFrom - 1 - n), {}),
      procs: [],
    });
    warmed = warm.count + warm.errors;
    log(`warm-up: ${warm.count} erasures in ${warm.seconds.toFixed(1)} s, not measured (${warm.errors} errors)`);
  }
  const eraseOnly = await underLoad(
    stack,
    'erasures',
    { seconds, maxCount: mixedFrom - EXPORT_POOL_END - warmed, marks },
    (n, statuses) => mutate(stack, 'erase', demoId('subject', EXPORT_POOL_END + n), statuses),
  );
  const kinds: Partial<Record<MixedKind, number>> = {};
  let erased = 0;
  const mixed = await underLoad(stack, 'mixed', { seconds, marks }, async (n, statuses) => {
    // Erasures until their pool is used up, then that share goes to exports.
    let kind: MixedKind = MIXED_KINDS[n % MIXED_KINDS.length];
    if (kind === 'erase' && mixedFrom + erased >= subjects) kind = 'export';
    if (kind === 'erase') await mutate(stack, 'erase', demoId('subject', mixedFrom + erased++), statuses);
    else if (kind === 'rectify') await mutate(stack, 'rectify', exportSubject(Math.floor(n / 3) * 7), statuses);
    else {
      const id = exportSubject(n);
      const r = await post<SingleData>(target(stack, 'ours', 'service'), single, { id });
      if (r.data.subject?.id !== id) throw new Error(`export of ${id} returned another subject`);
    }
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  });
  return { erasures: { ...eraseOnly, kinds: { erase: eraseOnly.window.count } }, mixed: { ...mixed, kinds } };
}
