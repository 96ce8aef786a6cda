import type { LedgerContext } from '../ledger/ledger.context';
import type { Lifecycle } from './lifecycle';

/** The account's life's slice of the `requests` context. */
export interface LifecycleContext extends LedgerContext {
  lifecycle: Lifecycle;
}
