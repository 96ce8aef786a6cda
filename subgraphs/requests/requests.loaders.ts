import { manyLoader } from '../../common/loaders';
import type { SubjectDatabaseContext } from '../../common/context';
import type { PrivacyPolicy } from '../../policies';
import type { LedgerStore } from './ledger.store';
import type { OutboxStore } from './outbox.store';
import type { RightsService } from './rights.service';
import type { AccessLogStore } from './access-log.store';
import type { RetentionService } from './retention.service';
import type { HoldsService } from './holds.service';
import type { LifecycleService } from './lifecycle.service';
import type { PendingHold } from './waiting';
import type { Watchdog } from './watchdog';

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
