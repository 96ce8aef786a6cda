import type { ArchivedCorrections } from '../archived/archived-corrections';
import type { LedgerContext } from '../ledger/ledger.context';
import type { EmailConfirmation } from './email-confirmation';
import type { ErasurePreview } from './erasure-preview';
import type { ObjectionDecisions } from './objection.examination';
import type { ErasureReplay } from './replay';
import type { Submissions } from './submission';

/** The rights' slice of the `requests` context. */
export interface RightsContext extends LedgerContext {
  rights: {
    submissions: Submissions;
    confirmation: EmailConfirmation;
    preview: ErasurePreview;
    replay: ErasureReplay;
    objections: ObjectionDecisions;
    archived: ArchivedCorrections;
  };
}
