import { manyLoader, nestedLoader, oneLoader } from '../../common/loaders';
import type { SubjectDatabaseContext } from '../../common/context';
import type { PrivacyContractContext } from '../../common/privacy-contract';
import { type BillingStore } from './billing.store';

export function createBillingLoaders(store: BillingStore) {
  return {
    account: oneLoader(
      (ids) => store.accountsBySubjects(ids),
      (r) => r.subjectId,
    ),
    invoices: manyLoader(
      (ids) => store.invoicesBySubjects(ids),
      (r) => r.subjectId,
    ),
    // Keyed by subject, as the invoices are: read with them (decision 347).
    corrections: nestedLoader(
      (ids) => store.correctionsBySubjects(ids),
      (r) => r.invoiceId,
    ),
    payments: manyLoader(
      (ids) => store.paymentsBySubjects(ids),
      (r) => r.subjectId,
    ),
    subscriptions: manyLoader(
      (ids) => store.subscriptionsBySubjects(ids),
      (r) => r.subjectId,
    ),
  };
}

/** Reads through the store and loaders; the privacy contract's mutations through `privacy`. */
export interface BillingContext
  extends SubjectDatabaseContext<BillingStore, ReturnType<typeof createBillingLoaders>>, PrivacyContractContext {}
