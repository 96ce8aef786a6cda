import type { DataSource } from 'typeorm';
import type { PrivacyPolicy } from '../../policies';
import { log } from '../log';
import { writeTransaction } from '../mutex';
import { ContractStore } from './contract.store';
import { ReceiptOutcome } from './receipt';
import { SweepSteps } from './retention.chunks';
import { retentionReceiptFromJson, type RetentionReceipt } from './retention.receipt';
import { dropProgress } from './retention.progress';
import { ruleReceipt, type RuleOutcome } from './retention.rules';
import type { ChunkSettings } from './retention.settings';
import { oneRunAtATime, runOnce } from './run-kit';
import { retentionChunks, retentionWindowRows, retentionRows, retentionStatementRows } from '../metrics';

/** What a retention handler is told: which sweep, as of when, under which policy. */
export interface RetentionRun {
  runId: string;
  asOf: Date;
  policy: PrivacyPolicy;
}

/**
 * A subgraph's part of a sweep: applies every rule of the policy that concerns its tables, and
 * says per rule what it did. Every count and write goes through `steps` (retention.chunks.ts): in
 * bounded chunks, each statement reading or changing at most `chunkRows` rows, resumable.
 */
export type RetentionHandler = (steps: SweepSteps, run: RetentionRun) => Promise<RuleOutcome[]>;

/** The rows of a sweep in retention_rows_total (counted when applied: a replay of the same run is not run again). */
function countRows(subgraph: string, outcomes: readonly RuleOutcome[]): void {
  for (const o of outcomes) {
    if (o.deleted) retentionRows.inc({ subgraph, rule: o.rule, action: 'deleted' }, o.deleted);
    if (o.anonymised) retentionRows.inc({ subgraph, rule: o.rule, action: 'anonymised' }, o.anonymised);
  }
}

/** The sweep's operation in `privacy_operation`. */
const RETAIN = 'retain';

/** One subgraph's part of one sweep: what `runRetention` needs. */
export interface RetentionCall {
  subgraph: string;
  ds: DataSource;
  policy: PrivacyPolicy;
  handler: RetentionHandler;
  runId: string;
  asOf: Date;
  dryRun: boolean;
}

function receiptOf(call: RetentionCall, outcomes: readonly RuleOutcome[], at: Date): RetentionReceipt {
  return {
    subgraph: call.subgraph,
    runId: call.runId,
    asOf: call.asOf,
    outcome: call.dryRun ? ReceiptOutcome.DRY_RUN : ReceiptOutcome.APPLIED,
    at,
    rules: outcomes.map((o) => ruleReceipt(call.policy, call.asOf, o)),
  };
}

/**
 * One sweep in one subgraph (decision 260). Idempotent on the run id: a run recorded done
 * answers its stored receipt and does nothing. A real sweep commits in chunks (a bounded number
 * of rows per transaction), each with the run's progress, so a run that died part way is taken
 * up again, with the same run id, where it stood; its receipt counts everything the run did. A
 * dry run stays the real run's work in one transaction rolled back (the same chunked statements).
 * Never refused because a subject is erased: it runs over everyone; its row in
 * `privacy_operation` names the run itself in `subject_id`.
 */
export function runRetention(call: RetentionCall, settings: ChunkSettings): Promise<RetentionReceipt> {
  const run = { runId: call.runId, asOf: call.asOf, policy: call.policy };
  if (call.dryRun) {
    const key = { operation: RETAIN, requestId: call.runId, subjectId: call.runId, run: true };
    return runOnce(call.ds, key, true, retentionReceiptFromJson, async (tx) => {
      const at = new Date();
      const outcomes = await call.handler(new SweepSteps(call.runId, settings, (work) => work(tx)), run);
      return { receipt: receiptOf(call, outcomes, at), at };
    });
  }
  return realRun(call, settings).catch(async (error: unknown) => {
    // The same run asked twice at once (SQLite; on MySQL the named lock orders them): the first
    // to record it done holds the run id, and the other answers its receipt.
    const first = await new ContractStore(call.ds.manager).done(call.runId, RETAIN);
    if (first) return retentionReceiptFromJson(first.receipt);
    throw error;
  });
}

async function realRun(call: RetentionCall, settings: ChunkSettings): Promise<RetentionReceipt> {
  const run = { runId: call.runId, asOf: call.asOf, policy: call.policy };
  return oneRunAtATime(call.ds, call.runId, async (db) => {
    const stored = await new ContractStore(call.ds.manager).done(call.runId, RETAIN);
    if (stored) return retentionReceiptFromJson(stored.receipt);
    let chunks = 0;
    const steps = new SweepSteps(call.runId, settings, (work) => writeTransaction(db, work), {
      committed: () => {
        chunks += 1;
        if (settings.exitAfterChunks !== null && chunks >= settings.exitAfterChunks) exitPartWay(call, chunks);
      },
      window: (rows) => {
        retentionChunks.inc({ subgraph: call.subgraph });
        retentionWindowRows.observe({ subgraph: call.subgraph }, rows);
      },
      wrote: (rows) => retentionStatementRows.observe({ subgraph: call.subgraph }, rows),
    });
    const outcomes = await call.handler(steps, run);
    const at = new Date();
    const made = receiptOf(call, outcomes, at);
    const answered = await writeTransaction(db, async (tx) => {
      const store = new ContractStore(tx);
      const done = await store.done(call.runId, RETAIN);
      if (done) return retentionReceiptFromJson(done.receipt);
      await store.recordDone({
        operation: RETAIN,
        requestId: call.runId,
        subjectId: call.runId,
        receipt: JSON.stringify(made),
        doneAt: at,
      });
      await dropProgress(tx, call.runId);
      return made;
    });
    if (answered === made) countRows(call.subgraph, outcomes);
    log().info({ subgraph: call.subgraph, chunks }, 'retention sweep done');
    return answered;
  });
}

/** RETENTION_EXIT_AFTER_CHUNKS (tests): dies as a crash would, between two committed chunks. */
function exitPartWay(call: RetentionCall, chunks: number): never {
  log().warn({ subgraph: call.subgraph, chunks }, 'RETENTION_EXIT_AFTER_CHUNKS: exiting part way through a sweep');
  process.exit(75);
}
