import type { DataSource, EntityManager } from 'typeorm';
import type { PrivacyPolicy } from '../../policies';
import { ReceiptOutcome } from './receipt';
import { retentionReceiptFromJson, type RetentionReceipt } from './retention.receipt';
import { ruleReceipt, type RuleOutcome } from './retention.rules';
import { runOnce } from './run-kit';
import { retentionRows } from '../metrics';

/** What a retention handler is told: which sweep, as of when, under which policy. */
export interface RetentionRun {
  runId: string;
  asOf: Date;
  policy: PrivacyPolicy;
}

/**
 * A subgraph's part of a sweep: applies every rule of the policy that concerns its tables, with
 * bulk statements only (their number never grows with the number of records), and says per
 * rule what it did. Runs inside the run kit's transaction.
 */
export type RetentionHandler = (tx: EntityManager, run: RetentionRun) => Promise<RuleOutcome[]>;

/** The rows of a sweep in retention_rows_total (counted when applied: a replay of the same run is not run again). */
function countRows(subgraph: string, outcomes: readonly RuleOutcome[]): void {
  for (const o of outcomes) {
    if (o.deleted) retentionRows.inc({ subgraph, rule: o.rule, action: 'deleted' }, o.deleted);
    if (o.anonymised) retentionRows.inc({ subgraph, rule: o.rule, action: 'anonymised' }, o.anonymised);
  }
}

/** A run of a sweep's work: the receipt it made and what its rules did. */
interface Applied {
  receipt: RetentionReceipt;
  outcomes: RuleOutcome[];
}

/** The sweep's operation in `privacy_operation`. */
const RETAIN = 'retain';

/**
 * One sweep in one subgraph, with the contract's guarantees (run-kit.ts): one transaction,
 * idempotent on the run id, a dry run being the real run rolled back. Unlike the per-subject
 * operations it is never refused because a subject is erased: it runs over everyone, and
 * finishing what an erasure deferred is part of its work. It has no subject: its row names the
 * run itself in `subject_id`.
 */
export async function runRetention(
  subgraph: string,
  ds: DataSource,
  policy: PrivacyPolicy,
  handler: RetentionHandler,
  runId: string,
  asOf: Date,
  dryRun: boolean,
): Promise<RetentionReceipt> {
  const key = { operation: RETAIN, requestId: runId, subjectId: runId };
  // What the last run of the work did: counted only if its receipt is the one answered (not a run
  // rolled back on a deadlock and run again, nor one that lost the key to a call at the same time).
  let applied: Applied | null = null;
  const receipt = await runOnce(ds, key, dryRun, retentionReceiptFromJson, async (tx) => {
    const at = new Date();
    const outcomes = await handler(tx, { runId, asOf, policy });
    const made: RetentionReceipt = {
      subgraph,
      runId,
      asOf,
      outcome: dryRun ? ReceiptOutcome.DRY_RUN : ReceiptOutcome.APPLIED,
      at,
      rules: outcomes.map((o) => ruleReceipt(policy, asOf, o)),
    };
    applied = dryRun ? null : { receipt: made, outcomes };
    return { receipt: made, at };
  });
  // Assigned in the callback, which TypeScript's narrowing does not follow.
  const ran = applied as Applied | null;
  if (ran?.receipt === receipt) countRows(subgraph, ran.outcomes);
  return receipt;
}
