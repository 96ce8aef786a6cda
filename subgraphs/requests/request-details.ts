import type { Changes } from '../../common/privacy-contract/changes.input';
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
  /** A retention sweep: the date (YYYY-MM-DD) its rules apply as of. */
  asOf?: string;
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
      return { operation: 'erase', dryRun: false };
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
    case 'ACCESS':
    case 'PORTABILITY':
      return { operation: 'package', portable: type === 'PORTABILITY' };
    case 'RETENTION':
      if (!details.asOf) throw new Error('a retention sweep without its date cannot run');
      return { operation: 'retain', asOf: new Date(`${details.asOf}T00:00:00Z`), dryRun: false };
  }
}
