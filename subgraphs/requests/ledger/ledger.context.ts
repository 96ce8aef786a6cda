import { manyLoader } from '../../../common/loaders';
import type { AccessContext } from '../../../common/subgraph-guard';
import type { RequestActions } from './actions';
import type { Ledger } from './ledger';
import { memoHolding } from './registry';

/** Per response: the legs of the requests it shows, the requests of the subjects it exports (a statement a batch). */
export function createLedgerLoaders(ledger: Ledger) {
  return {
    legs: manyLoader(
      (ids) => ledger.store.legsByRequests(ids),
      (l) => l.requestId,
    ),
    subjectRequests: manyLoader(
      (ids) => ledger.store.requestsBySubjects(ids),
      (r) => r.subjectId,
    ),
    /** What each gate holds, read once per response and only if a request's legs could be held. */
    holding: memoHolding(),
  };
}

/** The ledger's slice of the `requests` context: what its own resolvers read. */
export interface LedgerContext extends AccessContext {
  ledger: Ledger;
  actions: RequestActions;
  loaders: ReturnType<typeof createLedgerLoaders>;
}
