import type { DataSource, EntityManager } from 'typeorm';
import type { PrivacyPolicy } from '../../policies';
import { mutexFor } from '../mutex';
import { PrivacyOperationEntity } from './privacy-operation.entity';
import { ReceiptOutcome } from './receipt';
import { retentionReceiptFromJson, type RetentionReceipt } from './retention.receipt';
import { ruleReceipt, type RuleOutcome } from './retention.rules';

/** What a retention handler is told: which sweep, as of when, under which policy. */
export interface RetentionRun {
  runId: string;
  asOf: Date;
  policy: PrivacyPolicy;
}

/**
 * A subgraph's part of a sweep: applies every rule of the policy that concerns its tables, with
 * bulk statements only (their number never grows with the number of records), and says per
 * rule what it did. Runs inside the runner's transaction.
 */
export type RetentionHandler = (tx: EntityManager, run: RetentionRun) => Promise<RuleOutcome[]>;

/** The sweep has no subject: its idempotency row names the run itself in `subject_id`. */
const RETAIN = 'retain';

class DryRunRollback extends Error {
  constructor(readonly receipt: RetentionReceipt) {
    super('dry run');
  }
}

/**
 * One sweep in one subgraph, with the contract's guarantees: one transaction, idempotent on the
 * run id (asked again, the stored receipt, nothing runs twice), a dry run being the real run
 * rolled back. Unlike the per-subject operations it is never refused because a subject is
 * erased: it runs over everyone, and finishing what an erasure deferred is part of its work.
 */
export function runRetention(
  subgraph: string,
  ds: DataSource,
  policy: PrivacyPolicy,
  handler: RetentionHandler,
  runId: string,
  asOf: Date,
  dryRun: boolean,
): Promise<RetentionReceipt> {
  return mutexFor(ds).run(async () => {
    try {
      return await ds.transaction(async (tx) => {
        const operations = tx.getRepository(PrivacyOperationEntity);
        const done = dryRun ? null : await operations.findOneBy({ requestId: runId, operation: RETAIN });
        if (done) return retentionReceiptFromJson(done.receipt);
        const at = new Date();
        const outcomes = await handler(tx, { runId, asOf, policy });
        const receipt: RetentionReceipt = {
          subgraph,
          runId,
          asOf,
          outcome: dryRun ? ReceiptOutcome.DRY_RUN : ReceiptOutcome.APPLIED,
          at,
          rules: outcomes.map((o) => ruleReceipt(policy, asOf, o)),
        };
        if (dryRun) throw new DryRunRollback(receipt);
        await operations.insert({
          requestId: runId,
          operation: RETAIN,
          subjectId: runId,
          receipt: JSON.stringify(receipt),
          doneAt: at,
        });
        return receipt;
      });
    } catch (error) {
      if (error instanceof DryRunRollback) return error.receipt;
      throw error;
    }
  });
}
