import {
  keptByHolds,
  ruleCutoff,
  type RetentionRun,
  type RuleOutcome,
  type SweepSteps,
} from '../../common/privacy-contract';
import { BillingRetentionStore } from './billing.retention.store';

/**
 * Billing's part of the retention sweep: the `accounting` rule (7 years ophelantyra, 10
 * veloraqenvi, from each record's own date). Invoices and payments past it go, whoever they
 * belong to; so does the account an erasure kept for them, once none is left.
 */
export async function billingRetention(steps: SweepSteps, run: RetentionRun): Promise<RuleOutcome[]> {
  const rule = 'accounting';
  const cutoff = ruleCutoff(run.policy, rule, run.asOf);
  if (!cutoff) return [];
  const store = new BillingRetentionStore(steps);
  const invoiceSubjects = await store.subjectsDue('invoice', cutoff);
  const paymentSubjects = await store.subjectsDue('payment', cutoff);
  const invoicesHeld = keptByHolds(await store.heldDue('invoice', cutoff));
  const paymentsHeld = keptByHolds(await store.heldDue('payment', cutoff));
  const payments = await store.deleteDue('payment', cutoff);
  const invoices = await store.deleteDue('invoice', cutoff);
  // Not a rule of its own: a correction is part of its invoice's record, kept and deleted with it.
  await store.deleteOrphanedCorrections();
  const accounts = await store.deleteOrphanedErasedAccounts();
  return [
    { rule, entity: 'Invoice', deleted: invoices, subjects: invoiceSubjects, ...invoicesHeld },
    { rule, entity: 'Payment', deleted: payments, subjects: paymentSubjects, ...paymentsHeld },
    { rule, entity: 'BillingAccount', deleted: accounts, subjects: accounts },
  ];
}
