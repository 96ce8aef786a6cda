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

/** Legs of the requests of a response, and requests of the subjects of an export: one statement per batch. */
export function createRequestsLoaders(ledger: LedgerStore) {
  return {
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
  policy: PrivacyPolicy;
};
