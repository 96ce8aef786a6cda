/**
 * A closed-loop load: `concurrency` clients, each sending its next request as soon as the last
 * one answered, for a fixed time. Counts what was answered and what failed, keeps every latency,
 * and reads the CPU time each given process (and this one, the client) used during the window.
 */
import { performance } from 'node:perf_hooks';
import { errorMessage } from '../../common/errors';
import { cpuMs, type BenchProcess } from './processes';

/** The bench process itself in the CPU figures: the load's clients (requests out, JSON parsed). */
export const CLIENT = 'bench client';

export interface Window {
  count: number;
  errors: number;
  seconds: number;
  latencies: number[];
  /** CPU ms per process name during the window (CLIENT: this process). */
  cpu: Record<string, number>;
  /** The first few errors, to say what failed. */
  errorSamples: string[];
}

export const emptyWindow = (): Window => ({
  count: 0,
  errors: 0,
  seconds: 0,
  latencies: [],
  cpu: {},
  errorSamples: [],
});

/** Adds one round's window to a cell's total (rounds of the same cell are interleaved with other gateways). */
export function addWindow(total: Window, w: Window): Window {
  const cpu = { ...total.cpu };
  for (const [name, ms] of Object.entries(w.cpu)) cpu[name] = (cpu[name] ?? 0) + ms;
  return {
    count: total.count + w.count,
    errors: total.errors + w.errors,
    seconds: total.seconds + w.seconds,
    latencies: total.latencies.concat(w.latencies),
    cpu,
    errorSamples: total.errorSamples.concat(w.errorSamples).slice(0, 5),
  };
}

function cpuNow(procs: readonly BenchProcess[]): Record<string, number> {
  const own = process.cpuUsage();
  return {
    ...Object.fromEntries(procs.map((p) => [p.name, cpuMs(p.pid)])),
    [CLIENT]: (own.user + own.system) / 1000,
  };
}

export interface LoadOptions {
  concurrency: number;
  durationMs: number;
  /** The n-th request of this window (0, 1, 2...): resolves when answered, throws when it failed. */
  send: (n: number) => Promise<void>;
  /** Whose CPU to read. */
  procs: readonly BenchProcess[];
  /** Stop early once this many requests were sent (a pool of subjects to erase runs out). */
  maxCount?: number;
}

export async function closedLoop(options: LoadOptions): Promise<Window> {
  const w = emptyWindow();
  let next = 0;
  const max = options.maxCount ?? Number.POSITIVE_INFINITY;
  const cpuBefore = cpuNow(options.procs);
  const started = performance.now();
  const deadline = started + options.durationMs;
  const client = async (): Promise<void> => {
    while (performance.now() < deadline && next < max) {
      const n = next;
      next += 1;
      const t0 = performance.now();
      try {
        await options.send(n);
        w.latencies.push(performance.now() - t0);
        w.count += 1;
      } catch (error) {
        w.errors += 1;
        if (w.errorSamples.length < 5) w.errorSamples.push(errorMessage(error).slice(0, 300));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, () => client()));
  w.seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuNow(options.procs);
  for (const name of Object.keys(cpuAfter)) w.cpu[name] = cpuAfter[name] - (cpuBefore[name] ?? 0);
  return w;
}

/** Round r's order of the gateways: each goes first in turn, so drifting load hits them alike. */
export function rotate<T>(items: readonly T[], r: number): T[] {
  const k = r % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
