import { manyLoader, nestedLoader } from '../../common/loaders';
import type { SubjectDatabaseContext } from '../../common/context';
import type { PrivacyContractContext } from '../../common/privacy-contract';
import { type SupportStore } from './support.store';

export function createSupportLoaders(store: SupportStore) {
  return {
    ticketsBySubject: manyLoader(
      (ids) => store.ticketsBySubjects(ids),
      (t) => t.subjectId,
    ),
    // Keyed by subject, as the tickets are: read with them, one statement for every ticket of
    // every subject of a request, whatever their number (decision 347).
    messagesBySubject: nestedLoader(
      (ids) => store.messagesBySubjects(ids),
      (m) => m.ticketId,
    ),
  };
}

/** Reads through the store and loaders; the privacy contract's mutations through `privacy`. */
export interface SupportContext
  extends SubjectDatabaseContext<SupportStore, ReturnType<typeof createSupportLoaders>>, PrivacyContractContext {}
