import type { LedgerContext } from '../ledger/ledger.context';
import type { SubmitRequest } from '../ledger/submission';
import type { ExportApproval } from './approval';

/** The access package's slice of the `requests` context. */
export interface ExportsContext extends LedgerContext {
  exports: { submit: SubmitRequest; approval: ExportApproval };
}
