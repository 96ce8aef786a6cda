import type { PrivacyPolicy } from '../../../policies';
import type { LedgerContext } from '../ledger/ledger.context';
import type { LifecycleStore } from '../lifecycle/lifecycle.store';
import type { DeskStore } from './desk.store';
import type { StatisticsStore } from './statistics.store';

/** The desk's slice of the `requests` context: its store, the ledger's, the lifecycle's, the policy. */
export interface DeskContext extends LedgerContext {
  desk: { store: DeskStore; lifecycle: LifecycleStore; statistics: StatisticsStore };
  policy: PrivacyPolicy;
}
