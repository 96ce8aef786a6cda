import type { LedgerContext } from '../ledger/ledger.context';
import type { RetentionService } from './retention.service';

/** The retention sweep's slice of the `requests` context. */
export interface RetentionContext extends LedgerContext {
  retention: RetentionService;
}
