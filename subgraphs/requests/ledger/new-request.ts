import { randomUUID } from 'node:crypto';
import { currentTraceparent } from '../../../common/tracing';
import type { RequestLegEntity } from './entities/request-leg.entity';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import type { IdentityRecord } from './identity';
import type { RequestDetails } from './request-details';
import type { RequestStatus, RequestType } from './request.enums';

/** What a new request must say; everything else starts empty. */
export interface NewRequest {
  type: RequestType;
  subjectId: string;
  details: RequestDetails;
  reason: string | null;
  /** The `sub` of who submitted it (a dpo, the subject, the schedule, the account's life). */
  submittedBy: string;
  /** When it was received (a closure asked by letter may be earlier than now): deadlines run from it. */
  receivedAt: Date;
  dueAt: Date;
  now: Date;
  id?: string;
  /** RECEIVED unless it is recorded done (a parental consent). */
  status?: RequestStatus;
  /** Set when it is the one live request of its kind for the subject (rights-request.entity.ts). */
  liveKind?: RequestType | null;
  /** A scheduled sweep's claim on its day. */
  runKey?: string | null;
  identity?: IdentityRecord;
  /** Where and in which language its messages go; null: it tells nobody. */
  notify?: { email: string; language: string } | null;
  /** The hash of the code sent to a new email address, and when it expires. */
  confirmation?: { hash: string; expiresAt: Date } | null;
  /** ACCESS or PORTABILITY while such a request is open. */
  liveExport?: RequestType | null;
}

const NO_IDENTITY: IdentityRecord = {
  identityMethod: null,
  identityEvidence: null,
  identityVerifiedBy: null,
  identityVerifiedAt: null,
};

/**
 * A new ledger request row: the one place one is written out, every column said (the entity's
 * optional columns are `T | null`, so a literal that left one out would not compile).
 */
export function newRequest(n: NewRequest): RightsRequestEntity {
  const status = n.status ?? 'RECEIVED';
  const closed = status === 'COMPLETED' || status === 'REJECTED';
  return {
    id: n.id ?? randomUUID(),
    type: n.type,
    subjectId: n.subjectId,
    status,
    details: JSON.stringify(n.details),
    reason: n.reason,
    submittedBy: n.submittedBy,
    receivedAt: n.receivedAt,
    initialDueAt: n.dueAt,
    dueAt: n.dueAt,
    extendedMonths: 0,
    extensionReason: null,
    completedAt: closed ? n.now : null,
    rejectionReason: null,
    awaitingConfirmation: n.confirmation != null,
    confirmationHash: n.confirmation?.hash ?? null,
    confirmationExpiresAt: n.confirmation?.expiresAt ?? null,
    liveKind: n.liveKind ?? null,
    notifyEmail: n.notify?.email ?? null,
    notifyLanguage: n.notify?.language ?? null,
    updatedAt: n.now,
    runKey: n.runKey ?? null,
    ...(n.identity ?? NO_IDENTITY),
    liveExport: n.liveExport ?? null,
    packageExpiresAt: null,
    packageDeletedAt: null,
    traceParent: currentTraceparent(),
  };
}

/** One pending leg per subgraph, due now. */
export function pendingLegs(requestId: string, subgraphs: readonly string[], now: Date): RequestLegEntity[] {
  return subgraphs.map((subgraph) => ({
    requestId,
    subgraph,
    status: 'PENDING',
    attempts: 0,
    lastError: null,
    nextAttemptAt: now,
    claimedUntil: null,
    receipt: null,
    updatedAt: now,
  }));
}
