import type { SubjectDatabaseContext } from '../../common/context';
import { RequestsStore } from './requests.store';

/** Nothing here is read per entity yet: the access log is read by filter, in one statement. */
export function createRequestsLoaders(_store: RequestsStore) {
  return {};
}

export type RequestsContext = SubjectDatabaseContext<RequestsStore, ReturnType<typeof createRequestsLoaders>>;
