import type { PrivacyReceipt } from '../../../common/privacy-contract/receipt';
import type { RetentionReceipt } from '../../../common/privacy-contract/retention.receipt';
import type { LedgerStore } from './ledger.store';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import { parseDetails } from './request-details';
import { LegStatus, OPEN_STATUSES, RequestStatus, type RequestType } from './request.enums';
import type { DataSubjectRequest } from './types/data-subject-request.type';
import type {
  ConsentPurpose,
  ObjectionDecision,
  RestrictionGround,
  RestrictionScope,
} from '../../../common/privacy-contract/processing';
import type { RequestLeg } from './types/request-leg.type';

/**
 * A request as the resolvers hand it out; legs and recipients are resolved from the ledger (one
 * statement per batch).
 */
export type RequestView = Omit<DataSubjectRequest, 'legs' | 'recipientsToNotify' | 'waitingFor'> & {
  /** Set for a dry run, which has no rows to read its legs from. */
  inlineLegs?: RequestLeg[];
  /** Not a field: what `waitingFor` reads of an email change. */
  confirmationExpiresAt?: Date | null;
  /** Not a field: holds a dpo made confidential, which this caller's view of the legs must not name. */
  hiddenHolds?: ReadonlySet<string>;
};

/**
 * A receipt without what it says of a confidential hold: the records it kept stay listed with
 * their ground, but neither the hold nor its reason is named (decision 152).
 */
export function withoutHolds(
  receipt: PrivacyReceipt | null,
  hidden: ReadonlySet<string> | undefined,
): PrivacyReceipt | null {
  if (!receipt || !hidden?.size) return receipt;
  return {
    ...receipt,
    entities: receipt.entities.map((e) => ({
      ...e,
      retained: e.retained.map((r) => (r.holdId && hidden.has(r.holdId) ? { ...r, holdId: null, reason: null } : r)),
    })),
  };
}

export function requestView(r: RightsRequestEntity, now = new Date()): RequestView {
  const details = parseDetails(r.details);
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    subjectId: r.subjectId,
    dryRun: false,
    reason: r.reason,
    submittedBy: r.submittedBy,
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    overdue: OPEN_STATUSES.includes(r.status) && r.dueAt < now,
    extendedMonths: r.extendedMonths,
    extensionReason: r.extensionReason,
    completedAt: r.completedAt,
    rejectionReason: r.rejectionReason,
    awaitingConfirmation: r.awaitingConfirmation,
    changedFields: details.changedFields ?? [],
    // An objection is recorded as a restriction whose scope is its purpose.
    scope: ((r.type === 'OBJECTION' ? details.purpose : details.scope) as RestrictionScope | undefined) ?? null,
    purpose: (details.purpose as ConsentPurpose | undefined) ?? null,
    granted: details.granted ?? null,
    asOf: details.asOf ?? null,
    categories: details.categories ?? null,
    ground: (details.ground as RestrictionGround | undefined) ?? null,
    objectionDecision: (details.objection?.decision as ObjectionDecision | undefined) ?? null,
    decisionReasons: details.objection?.reasons ?? null,
    identityVerification:
      r.identityMethod && r.identityVerifiedBy && r.identityVerifiedAt
        ? {
            method: r.identityMethod,
            evidenceRef: r.identityEvidence ?? null,
            verifiedBy: r.identityVerifiedBy,
            verifiedAt: r.identityVerifiedAt,
          }
        : null,
    packageExpiresAt: r.packageExpiresAt ?? null,
    guardian:
      r.type === 'GUARDIAN_CONTACT' && details.guardianName && details.guardianEmail
        ? {
            name: details.guardianName,
            email: details.guardianEmail,
            relationship: details.guardianRelationship ?? 'PARENT',
          }
        : null,
    // Contacts written before guardians were recorded all went to the account's address.
    guardianUnreached: r.type === 'MINOR' ? details.guardianReached !== true : null,
    confirmationExpiresAt: r.confirmationExpiresAt,
  };
}

/** A dry run's leg: what its subgraph would do (a receipt per entity, or per rule for a sweep), or why not. */
export interface DryRunLegView {
  subgraph: string;
  receipt?: PrivacyReceipt | null;
  retention?: RetentionReceipt | null;
  error: string | null;
}

/**
 * A dry run answered as a request (an erasure's preview, a sweep's): never recorded, COMPLETED
 * when every leg answered, FAILED otherwise, its legs inline.
 */
export function dryRunView(d: {
  id: string;
  type: RequestType;
  subjectId: string;
  reason: string | null;
  submittedBy: string;
  now: Date;
  due: Date;
  legs: readonly DryRunLegView[];
  asOf?: string;
  categories?: string[] | null;
}): RequestView {
  const allDone = d.legs.every((l) => l.receipt || l.retention);
  return {
    id: d.id,
    type: d.type,
    status: allDone ? RequestStatus.COMPLETED : RequestStatus.FAILED,
    subjectId: d.subjectId,
    dryRun: true,
    reason: d.reason,
    submittedBy: d.submittedBy,
    receivedAt: d.now,
    dueAt: d.due,
    overdue: false,
    extendedMonths: 0,
    extensionReason: null,
    completedAt: allDone ? d.now : null,
    rejectionReason: null,
    awaitingConfirmation: false,
    changedFields: [],
    scope: null,
    purpose: null,
    granted: null,
    asOf: d.asOf ?? null,
    categories: d.categories ?? null,
    inlineLegs: d.legs.map((l) => ({
      subgraph: l.subgraph,
      status: l.receipt || l.retention ? LegStatus.DONE : LegStatus.FAILED,
      attempts: 1,
      lastError: l.error,
      nextAttemptAt: null,
      waitingFor: null,
      receipt: l.receipt ?? null,
      retention: l.retention ?? null,
    })),
  };
}

/** The request as it stands now, read after an action (its legs resolve from the ledger). */
export async function currentView(store: LedgerStore, id: string): Promise<RequestView> {
  const row = await store.request(id);
  if (!row) throw new Error(`request ${id} vanished from the ledger`);
  return requestView(row);
}
