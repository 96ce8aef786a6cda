import type { AccessContext } from '../../../common/subgraph-guard';
import type { AccessLogStore } from './access-log.store';

/** The access log's slice of the `requests` context: its store is the service's `store`. */
export interface AccessLogContext extends AccessContext {
  store: AccessLogStore;
}
