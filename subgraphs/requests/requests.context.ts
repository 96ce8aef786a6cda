import { manyLoader } from '../../common/loaders';
import type { SubjectDatabaseContext } from '../../common/context';
import type { PrivacyPolicy } from '../../policies';
import type { LedgerStore } from './ledger/ledger.store';
import type { OutboxStore } from './mail/outbox.store';
import type { RightsService } from './rights/rights.service';
import type { AccessLogStore } from './access-log/access-log.store';
import type { RetentionService } from './retention/retention.service';
import type { HoldsService } from './holds/holds.service';
import type { LifecycleService } from './lifecycle/lifecycle.service';
import type { PendingHold } from './ledger/waiting';
import type { Watchdog } from './ledger/watchdog';

/** Legs of the requests of a response, and requests of the subjects of an export: one statement per batch. */
export function createRequestsLoaders(ledger: LedgerStore) {
  let pendingHolds: Promise<PendingHold[]> | null = null;
  return {
    /** The legal holds still to be placed, read once per response and only if an open erasure or sweep asks. */
    pendingHolds: (): Promise<PendingHold[]> => (pendingHolds ??= ledger.pendingHoldLegs()),
    legs: manyLoader(
      (ids) => ledger.legsByRequests(ids),
      (l) => l.requestId,
    ),
    subjectRequests: manyLoader(
      (ids) => ledger.requestsBySubjects(ids),
      (r) => r.subjectId,
    ),
  };
}

export type RequestsContext = SubjectDatabaseContext<AccessLogStore, ReturnType<typeof createRequestsLoaders>> & {
  ledger: LedgerStore;
  rights: RightsService;
  retention: RetentionService;
  lifecycle: LifecycleService;
  outbox: OutboxStore;
  holds: HoldsService;
  watchdog: Watchdog;
  policy: PrivacyPolicy;
};
