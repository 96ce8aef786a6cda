import type { LedgerContext } from '../ledger/ledger.context';
import type { HoldsService } from './holds.service';

/** The legal holds' slice of the `requests` context. */
export interface HoldsContext extends LedgerContext {
  holds: HoldsService;
}
