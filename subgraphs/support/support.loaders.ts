import { manyLoader } from '../../common/loaders';
import type { SubjectDatabaseContext } from '../../common/context';
import type { PrivacyContractContext } from '../../common/privacy-contract';
import { type SupportStore } from './support.store';

export function createSupportLoaders(store: SupportStore) {
  return {
    ticketsBySubject: manyLoader(
      (ids) => store.ticketsBySubjects(ids),
      (t) => t.subjectId,
    ),
    // Keyed by ticket, not subject: the messages of every ticket of every subject in a request
    // arrive in the same tick, so they cost one statement together.
    messagesByTicket: manyLoader(
      (ids) => store.messagesByTickets(ids),
      (m) => m.ticketId,
    ),
  };
}

/** Reads through the store and loaders; the privacy contract's mutations through `privacy`. */
export interface SupportContext
  extends SubjectDatabaseContext<SupportStore, ReturnType<typeof createSupportLoaders>>, PrivacyContractContext {}
