/**
 * `npm run bench -- --only throughput` (or `npm run bench:throughput`): the throughput section
 * measured alone, on a stack of processes of its own, and written between its markers in
 * docs/benchmarks.md; the rest of the page is left as it was measured. With `--rights-only`, the
 * rights loads alone on our gateway (no peers, no exports), printed and not written: a minute
 * instead of four to see what a change to the ledger does. `--cpu-prof <dir>` has every service
 * write a V8 CPU profile when the stack stops (the load's window is printed in the profiles' clock).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { log, type Options } from './cli';
import { mysqlReader } from './baseline';
import { peerVersions } from './peers';
import { writeSection, THROUGHPUT } from './sections';
import { checkIdentical, EXPORT_POOL_END, measureExports, queries } from './throughput';
import { throughputSection, type ThroughputReport } from './throughput-report';
import { measureRightsLoad } from './throughput-rights';
import { newThroughputStack, startThroughputStack, teardownThroughput, type ThroughputStack } from './throughput-stack';

/** `--rights-only`: seconds of erasures before the measured ones (measureRightsLoad). */
const RIGHTS_ONLY_WARM_UP_S = 5;

export async function runThroughput(options: Options, onStack: (stack: ThroughputStack) => void): Promise<void> {
  if (options.db !== 'mysql') throw new Error('the throughput section runs on MySQL/MariaDB only (--db mysql)');
  // Exports read the first EXPORT_POOL_END subjects; erasures need distinct ones beyond them.
  if (options.subjects < EXPORT_POOL_END + 500)
    throw new Error(`the throughput section needs --subjects ${EXPORT_POOL_END + 500} or more`);
  const startedAt = performance.now();
  const loadBefore = os.loadavg();
  const stack = newThroughputStack();
  onStack(stack);
  let failed = true;
  try {
    await startThroughputStack(stack, options.subjects, { peers: !options.rightsOnly, cpuProf: options.cpuProf });
    if (options.rightsOnly) {
      await measureRightsLoad(stack, options.subjects, options.seconds, queries().single, {
        marks: options.cpuProf !== null,
        warmUpSeconds: RIGHTS_ONLY_WARM_UP_S,
      });
      log(
        `load average (1 min) before ${loadBefore[0].toFixed(2)}, after ${os.loadavg()[0].toFixed(2)}; nothing written`,
      );
      failed = false;
      return;
    }
    const reader = mysqlReader(stack.cfg);
    const dbVersion = await reader.version().finally(() => reader.close());
    const q = queries();
    const identical = await checkIdentical(stack, q);
    const { exports, batch } = await measureExports(stack, q, options.seconds);
    const { erasures, mixed } = await measureRightsLoad(stack, options.subjects, options.seconds, q.single);
    const report: ThroughputReport = {
      date: new Date(),
      command: options.command,
      subjects: options.subjects,
      cellSeconds: options.seconds,
      durationS: (performance.now() - startedAt) / 1000,
      dbVersion,
      loadBefore,
      loadAfter: os.loadavg(),
      versions: peerVersions(),
      identical,
      exports,
      batch,
      erasures,
      mixed,
    };
    writeSection(options.out, THROUGHPUT, throughputSection(report).join('\n'));
    log(`wrote the throughput section of ${options.out} in ${(report.durationS / 60).toFixed(1)} min`);
    failed = false;
  } finally {
    // A failed run keeps the processes' logs: they say why.
    await teardownThroughput(stack, failed);
    if (options.cpuProf) log(`CPU profiles in ${options.cpuProf}/<service>/`);
  }
}
