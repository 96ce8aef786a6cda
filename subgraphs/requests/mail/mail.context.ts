import type { AccessContext } from '../../../common/subgraph-guard';
import type { OutboxStore } from './outbox.store';

/** The outbox's slice of the `requests` context. */
export interface MailContext extends AccessContext {
  outbox: OutboxStore;
}
