import type { Changes } from '../../../common/privacy-contract/changes.input';
import type { ContractCall } from './contract.client';
import type { RequestType } from './request.enums';

/** What a request asks, as stored in `rights_request.details` (JSON). */
export interface RequestDetails {
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
  /** A parental consent: who gave it, on which day, and where the evidence is. */
  guardianName?: string;
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
  /** An export: the portable package (Art. 20) rather than the access package (Art. 15). */
  portable?: boolean;
}

/** What a leg asks: a privacy-contract call about a subject, or a retention sweep. */
export type LegCall =
  ContractCall | { operation: 'retain'; asOf: Date; dryRun: boolean } | { operation: 'package'; portable: boolean };

export function parseDetails(json: string): RequestDetails {
  return JSON.parse(json) as RequestDetails;
}

/** Once closed, a request keeps what was asked but not the new values (personal data with no further use). */
export function redactDetails(details: RequestDetails): RequestDetails {
  const { changes: _changes, ...rest } = details;
  return rest;
}

/** The privacy-contract call every leg of this request makes. */
export function contractCall(type: RequestType, details: RequestDetails): LegCall {
  switch (type) {
    case 'ERASURE':
      return { operation: 'erase', dryRun: false, categories: details.categories ?? null };
    case 'RECTIFICATION':
      if (!details.changes) throw new Error('a rectification without its changes cannot run (closed already?)');
      return { operation: 'rectify', changes: details.changes };
    case 'RESTRICTION':
      return { operation: 'restrict', kind: 'RESTRICTION', scope: details.scope ?? 'ALL' };
    case 'OBJECTION':
      return { operation: 'restrict', kind: 'OBJECTION', scope: details.purpose ?? 'ALL' };
    case 'LIFT_RESTRICTION':
      return { operation: 'lift', scope: details.scope ?? 'ALL' };
    case 'CONSENT':
      return { operation: 'consent', purpose: details.purpose ?? '', granted: details.granted ?? false };
    case 'LEGAL_HOLD':
      if (!details.holdId || !details.holdReason) throw new Error('a legal hold without its id and reason cannot run');
      return {
        operation: 'hold',
        holdId: details.holdId,
        reason: details.holdReason,
        recordIds: details.recordIds ?? null,
        dryRun: false,
      };
    case 'HOLD_RELEASE':
      if (!details.holdId) throw new Error('a release without its hold cannot run');
      return { operation: 'release', holdId: details.holdId, erasures: details.erasures ?? [] };
    case 'CLOSURE':
      if (!details.closedAt) throw new Error('a closure without its date cannot run');
      return { operation: 'close', closedAt: details.closedAt };
    case 'INACTIVITY':
    case 'MINOR':
    case 'PARENTAL_CONSENT':
      throw new Error('an inactivity warning has no legs: the sweep carries it (lifecycle.service.ts)');
    case 'ACCESS':
    case 'PORTABILITY':
      return { operation: 'package', portable: type === 'PORTABILITY' };
    case 'RETENTION':
      if (!details.asOf) throw new Error('a retention sweep without its date cannot run');
      return { operation: 'retain', asOf: new Date(`${details.asOf}T00:00:00Z`), dryRun: false };
  }
}
