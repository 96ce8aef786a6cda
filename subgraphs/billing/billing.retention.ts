import type { EntityManager } from 'typeorm';
import { keptByHolds, ruleCutoff, type RetentionRun, type RuleOutcome } from '../../common/privacy-contract';
import { BillingRetentionStore } from './billing.retention.store';

/**
 * Billing's part of the retention sweep: the `accounting` rule (7 years ophelantyra, 10
 * veloraqenvi, from each record's own date). Invoices and payments past it go, whoever they
 * belong to; so does the account an erasure kept for them, once none is left.
 */
export async function billingRetention(tx: EntityManager, run: RetentionRun): Promise<RuleOutcome[]> {
  const rule = 'accounting';
  const cutoff = ruleCutoff(run.policy, rule, run.asOf);
  if (!cutoff) return [];
  const store = new BillingRetentionStore(tx);
  const invoicesDue = await store.invoicesDue(cutoff);
  const paymentsDue = await store.paymentsDue(cutoff);
  const invoicesHeld = keptByHolds(await store.heldDue('invoice', 'issued_at', cutoff));
  const paymentsHeld = keptByHolds(await store.heldDue('payment', 'paid_at', cutoff));
  const payments = await store.deletePayments(cutoff);
  const invoices = await store.deleteInvoices(cutoff);
  // Not a rule of its own: a correction is part of its invoice's record, kept and deleted with it.
  await store.deleteOrphanedCorrections();
  const accounts = await store.deleteOrphanedErasedAccounts();
  return [
    { rule, entity: 'Invoice', deleted: invoices, subjects: invoicesDue.subjects, ...invoicesHeld },
    { rule, entity: 'Payment', deleted: payments, subjects: paymentsDue.subjects, ...paymentsHeld },
    { rule, entity: 'BillingAccount', deleted: accounts, subjects: accounts },
  ];
}
