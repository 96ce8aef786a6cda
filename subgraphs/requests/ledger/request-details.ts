import type { Changes } from '../../../common/privacy-contract/changes.input';

/**
 * Why a request exists, as its messages tell it: the subject asked (REQUEST, the default), or a
 * rule of the account's life scheduled it (their closure, their inactivity, their age), or a
 * guardian asked for the child.
 */
export const REQUEST_CAUSES = ['REQUEST', 'CLOSURE', 'INACTIVITY', 'MINOR', 'GUARDIAN'] as const;
export type RequestCause = (typeof REQUEST_CAUSES)[number];

/** What a request asks, as stored in `rights_request.details` (JSON). */
export interface RequestDetails {
  /** Why it exists (absent: the subject asked), and the day of that event (ISO instant). */
  cause?: RequestCause;
  causeAt?: string;
  /** Rectification: the new values, until the request is closed... */
  changes?: Changes;
  /** ...and the names of the fields changed, always. */
  changedFields?: string[];
  scope?: string;
  purpose?: string;
  granted?: boolean;
  /** A closure: when the subject asked (ISO instant), which the periods after it run from. */
  closedAt?: string;
  /** An inactivity warning: the last activity profile knew of when it was sent (ISO instant). */
  lastActivity?: string;
  /** A parental consent: who gave it, on which day, and where the evidence is (a guardian contact: who). */
  guardianName?: string;
  /** A guardian contact: where to write to the legal representative, and who they are to the child. */
  guardianEmail?: string;
  guardianRelationship?: 'PARENT' | 'LEGAL_GUARDIAN';
  /**
   * A minor's contact (MINOR): the message went to a recorded guardian's address. Absent: it went
   * to the account's own address (or nowhere), and the legal representatives may never have read it.
   */
  guardianReached?: boolean;
  givenOn?: string;
  evidenceRef?: string;
  /** An inactivity warning (a minor's contact): the erasure it led to. */
  erasureId?: string;
  /** A retention sweep (an inactivity warning): the date (YYYY-MM-DD) its rules apply as of. */
  asOf?: string;
  /** A partial erasure: the categories named (V29); absent: everything. */
  categories?: string[];
  /** A legal hold placed or released: which one, why, and on which records (none: all of them). */
  holdId?: string;
  holdReason?: string;
  recordIds?: string[] | null;
  /** A hold released: the subject's erasures whose deferred part it carries out. */
  erasures?: string[];
  /**
   * Set by a dpo for a legal reason (a confidential legal hold): the request is left out of the
   * subject's own record of requests, and so of their package.
   */
  confidentialReason?: string;
  /** A disclosure to an authority: to whom, on which basis, their reference, whether the subject is told. */
  disclosure?: { authority: string; legalBasis: string; reference: string; tellSubject: boolean };
  /** A breach told to the subject: the incident's reference and what the message says of it. */
  breach?: { reference: string; circumstances: string; consequences: string; measures: string; advice: string };
  /** An export: the portable package (Art. 20) rather than the access package (Art. 15). */
  portable?: boolean;
  /** A restriction: its ground (Art. 18(1), or the legal basis contested, V43). */
  ground?: string;
  /**
   * An objection to a legitimate-interest processing (O36, V46): examined by a dpo, who upholds or
   * refuses it with reasons; absent for an objection that takes effect at once (marketing, consent).
   */
  objection?: ObjectionExamination;
  /**
   * A correction of an archived record (O35): which invoice, and its corrected wording until the
   * request is closed (billing keeps it beside the invoice from then on).
   */
  archiveCorrection?: { invoiceId: string; description?: string };
}

export interface ObjectionExamination {
  examined: true;
  decision?: 'UPHELD' | 'REFUSED';
  reasons?: string;
  decidedBy?: string;
  decidedAt?: string;
}

/** An objection whose legs are done and whose decision a dpo has not yet given. */
export function underExamination(details: RequestDetails): boolean {
  return details.objection?.examined === true && details.objection.decision === undefined;
}

export function parseDetails(json: string): RequestDetails {
  return JSON.parse(json) as RequestDetails;
}

/** Once closed, a request keeps what was asked but not the new values (personal data with no further use). */
export function redactDetails(details: RequestDetails): RequestDetails {
  const { changes: _changes, archiveCorrection, ...rest } = details;
  return archiveCorrection ? { ...rest, archiveCorrection: { invoiceId: archiveCorrection.invoiceId } } : rest;
}
