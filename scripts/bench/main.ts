/**
 * `npm run bench [-- --subjects 2000 --runs 200 --db mysql|sqlite --out docs/benchmarks.md]`
 *   `[--only retention|throughput]`
 *
 * What a subject export costs through the federation, against the cheapest way to read the same
 * rows: one process querying each database directly. Seeds fresh bench databases, starts the
 * five subgraphs and the gateway in this process on real HTTP (as the tests do), measures, writes
 * docs/benchmarks.md and drops the bench databases again. Numbers are never edited by hand:
 * rerun the script.
 *
 * This file is the run order and the cleanup; cli.ts reads the options, stack.ts seeds and
 * starts the services, baseline.ts reads the databases directly, client.ts calls the gateway,
 * measure.ts times both, rights.ts times the rights mutations, retention.ts the retention sweeps
 * on stacks of their own (200 and 2000 subjects), report.ts writes the markdown. The throughput
 * section (throughput-section.ts: every service its own process, Hive Gateway as peers) is
 * measured by `--only throughput` alone; a full run keeps it as it is.
 */
import 'reflect-metadata';
import { runCli } from '../args';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SUBGRAPH_NAMES } from '../../common/config';
import { exportQuery, selectionOf, supergraphSchema } from '../../schema/supergraph';
import { log, readOptions } from './cli';
import { ms, ratio } from './format';
import { batchIds, measureBatch, measureSingle, measureStatements } from './measure';
import { measureAccessLogCost } from './access-log-cost';
import { RETENTION_END, RETENTION_START, renderReport, retentionSection, type Report } from './report';
import { measureRetention, type RetentionCase } from './retention';
import { measureRights, RIGHTS_OPERATIONS, type RightsOperation } from './rights';
import { BULK, keptSections, SCALE, THROUGHPUT, WORKER } from './sections';
import { runThroughput } from './throughput-section';
import { teardownThroughput, type ThroughputStack } from './throughput-stack';
import { benchDbConfig, startStack, teardown, type Stack } from './stack';

function logRetention(cases: readonly RetentionCase[]): void {
  for (const c of cases)
    for (const kind of ['dry', 'real'] as const)
      log(
        `retention ${c.policy} ${String(c.subjects).padStart(4)} ${kind === 'dry' ? 'dry run' : 'sweep  '} ${ms(c[kind].ms)} ms, ${c[kind].changed} rows, statements ${SUBGRAPH_NAMES.map((n) => `${n} ${c[kind].perSubgraph[n]}`).join(', ')}`,
      );
}

/** `--only retention`: the section between its markers is replaced, the rest of the file kept as it was measured. */
function writeRetentionOnly(out: string, section: string): void {
  const text = fs.readFileSync(out, 'utf8');
  const start = text.indexOf(RETENTION_START);
  const end = text.indexOf(RETENTION_END);
  if (start < 0 || end < start)
    throw new Error(`${out} has no retention section to replace: run the whole bench once (npm run bench)`);
  fs.writeFileSync(out, text.slice(0, start) + section.trimEnd() + text.slice(end + RETENTION_END.length));
}

async function main(): Promise<number> {
  // Read when the gateway is constructed: the benchmark must not phone home.
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  const options = readOptions();
  const startedAt = performance.now();
  const stack: Stack = { cfg: benchDbConfig(options.db), servers: [] };
  // The retention part's stack of the moment (each of its cases has its own).
  let retentionStack: Stack | undefined;
  let throughputStack: ThroughputStack | undefined;

  // One teardown, whoever asks first: a signal, an error, or the end of the run. Both wait for it.
  let cleanup: Promise<void> | undefined;
  const cleanUp = (): Promise<void> => (cleanup ??= teardown(stack));
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: cleaning up...`);
    // The main stack may be gone already (the retention part runs after it): tear down both.
    void Promise.all([
      cleanUp(),
      retentionStack ? teardown(retentionStack) : undefined,
      throughputStack ? teardownThroughput(throughputStack) : undefined,
    ]).finally(() => process.exit(130));
  };
  // `on`, not `once`: a second Ctrl-C during the cleanup must not cut it short.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const loadBefore = os.loadavg();
    if (options.only === 'retention') {
      const cases = await measureRetention(options, (s) => (retentionStack = s));
      writeRetentionOnly(options.out, retentionSection(cases, new Date(), options.command).join('\n'));
      logRetention(cases);
      return 0;
    }
    if (options.only === 'throughput') {
      await runThroughput(options, (s) => (throughputStack = s));
      return 0;
    }
    log(`bench: ${options.subjects} subjects, ${options.runs} runs, ${options.db}`);
    await startStack(options, stack);
    const running = stack as Required<Stack>;
    const schema = supergraphSchema();
    const single = exportQuery(schema);
    // Same selection as the single export, so both measure the same fields.
    const batch = `query SubjectsExport($ids: [ID!]!) {\n  subjects(ids: $ids) {\n${selectionOf(schema, 'DataSubject', '    ')}\n  }\n}\n`;

    const singleResult = await measureSingle(running, options, single);
    const accessLog = await measureAccessLogCost(running, options.runs, single);
    const batchResult = await measureBatch(running, options, batch);
    const statements = await measureStatements(running, options, single, batch);
    // Last: erasures destroy what the exports read.
    const rights = await measureRights(running, options);
    // Stacks of their own, seeded differently: this one goes first (databases share the bench prefix).
    const dbVersion = await running.reader.version();
    await cleanUp();
    const retention = await measureRetention(options, (s) => (retentionStack = s));
    const report: Report = {
      options,
      date: new Date(),
      durationS: (performance.now() - startedAt) / 1000,
      dbVersion,
      loadBefore,
      loadAfter: os.loadavg(),
      single: singleResult,
      accessLog,
      batch: batchResult,
      batchSize: batchIds(options, 0).length,
      statements,
      rights,
      retention,
    };
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    // The bulk export's, the worker's, the throughput and the scale sections are measured by
    // commands of their own (npm run bench:bulk, bench:worker, bench -- --only throughput,
    // bench:scale): kept as they are.
    fs.writeFileSync(options.out, renderReport(report) + keptSections(options.out, [BULK, WORKER, THROUGHPUT, SCALE]));

    const s = singleResult;
    const b = batchResult;
    log('');
    log(
      `single export  gateway p50 ${ms(s.gateway.p50)} ms p95 ${ms(s.gateway.p95)} ms | baseline p50 ${ms(s.baseline.p50)} ms p95 ${ms(s.baseline.p95)} ms | ratio ${ratio(s.gateway.p50, s.baseline.p50)} / ${ratio(s.gateway.p95, s.baseline.p95)}`,
    );
    log(
      `${String(report.batchSize).padStart(4)} subjects  gateway p50 ${ms(b.gateway.p50)} ms p95 ${ms(b.gateway.p95)} ms | baseline p50 ${ms(b.baseline.p50)} ms p95 ${ms(b.baseline.p95)} ms | ratio ${ratio(b.gateway.p50, b.baseline.p50)} / ${ratio(b.gateway.p95, b.baseline.p95)}`,
    );
    for (const c of statements)
      log(
        `statements  ${SUBGRAPH_NAMES.map((n) => `${n} ${c.perSubgraph[n]}`).join(', ')}  <- ${c.label}${c.calls > 1 ? ' (all calls together)' : ''}${c.sameRows ? '' : '  (baseline read other records!)'}`,
      );
    for (const o of Object.keys(RIGHTS_OPERATIONS) as RightsOperation[])
      log(`${o.padEnd(16)} p50 ${ms(rights.latency[o].p50)} ms p95 ${ms(rights.latency[o].p95)} ms`);
    for (const c of rights.erasureStatements)
      log(`erasure statements  ${SUBGRAPH_NAMES.map((n) => `${n} ${c.perSubgraph[n]}`).join(', ')}  <- ${c.label}`);
    logRetention(retention);
    const shown = path.relative(process.cwd(), options.out);
    log(`wrote ${shown.startsWith('..') ? options.out : shown} in ${(report.durationS / 60).toFixed(1)} min`);
    return 0;
  } catch (error) {
    // Requests cut short by Ctrl-C fail too: that is not worth a stack trace.
    if (!interrupted)
      process.stderr.write(
        `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    return interrupted ? 130 : 1;
  } finally {
    if (!interrupted) log('cleaning up...');
    await cleanUp();
  }
}

// Exit explicitly: keep-alive sockets of fetch would otherwise hold the process open for a while.
runCli('bench', main);
