import { HOLD_GATED, PROFILE_LEG, waitsForProfile } from './legs';
import { DAY_MS } from '../../../common/calendar-date';
import { OPEN_STATUSES, type LegStatus, type RequestStatus, type RequestType } from './request.enums';

/**
 * What an open request, or one of its legs, waits for: every open request answers at least one
 * of these (decision 104), so that nothing is ever open without a reason anyone can read.
 */
export const WaitReason = {
  /** Due now: the worker takes it at its next pass. */
  QUEUED: 'QUEUED',
  /** An attempt is under way (until its lease ends). */
  ATTEMPT_RUNNING: 'ATTEMPT_RUNNING',
  /** The last attempt failed (the subgraph unreachable or refusing for now): tried again at `until`. */
  RETRY_SCHEDULED: 'RETRY_SCHEDULED',
  /** The code sent to the new email address, until it expires (`until`). */
  EMAIL_CONFIRMATION: 'EMAIL_CONFIRMATION',
  /** The code expired unused: a dpo rejects the request (or the subject asks again). */
  EMAIL_CODE_EXPIRED: 'EMAIL_CODE_EXPIRED',
  /** An earlier leg of the request first (`subgraph`: profile, for a rectification). */
  EARLIER_LEG: 'EARLIER_LEG',
  /** A legal hold is still to be placed in this subgraph: it applies before anything is deleted. */
  LEGAL_HOLD: 'LEGAL_HOLD',
  /** A built package waits for a dpo's approveExport (the policy's review). */
  DPO_REVIEW: 'DPO_REVIEW',
  /** A leg gave up: a dpo retries (retryRequest) or rejects the request. */
  DPO_DECISION: 'DPO_DECISION',
  /** An inactivity warning: a sign-in cancels it; otherwise the account is erased from `until`. */
  SUBJECT_SIGN_IN: 'SUBJECT_SIGN_IN',
  /** A minor's legal representatives contacted: a parental consent keeps the account; erased from `until`. */
  PARENTAL_CONSENT: 'PARENTAL_CONSENT',
  /** The policy's date has passed: the daily sweep due by `until` submits the erasure. */
  NEXT_SWEEP: 'NEXT_SWEEP',
} as const;
export type WaitReason = (typeof WaitReason)[keyof typeof WaitReason];

export interface Wait {
  reason: WaitReason;
  /** The leg concerned (the one waited for, for EARLIER_LEG). */
  subgraph: string | null;
  /** When the wait ends by itself, if it does: the next attempt, the code's expiry, the policy's date. */
  until: Date | null;
}

/** What the rules read of a request: the entity, or its GraphQL view. */
export interface WaitingRequest {
  type: RequestType;
  status: RequestStatus;
  subjectId: string;
  awaitingConfirmation: boolean;
  confirmationExpiresAt?: Date | null;
  dueAt: Date;
}

export interface WaitingLeg {
  subgraph: string;
  status: LegStatus;
  nextAttemptAt: Date;
  claimedUntil: Date | null;
  attempts: number;
}

/** A pending LEGAL_HOLD leg: the subject it holds, and the subgraph it is still to reach. */
export interface PendingHold {
  subjectId: string;
  subgraph: string;
}

/** Waits that end by the subject's act or a date of the policy: not a sign of a stalled request. */
const EXPECTED: readonly WaitReason[] = ['EMAIL_CONFIRMATION', 'SUBJECT_SIGN_IN', 'PARENTAL_CONSENT'];

const wait = (reason: WaitReason, subgraph: string | null = null, until: Date | null = null): Wait => ({
  reason,
  subgraph,
  until,
});

/** What one leg waits for, or null when it waits for nothing (done, cancelled, or its request is closed). */
export function legWaitingFor(
  request: WaitingRequest,
  leg: WaitingLeg,
  legs: readonly WaitingLeg[],
  holds: readonly PendingHold[],
  now: Date,
): Wait | null {
  if (!OPEN_STATUSES.includes(request.status)) return null;
  if (leg.status === 'FAILED') return wait('DPO_DECISION', leg.subgraph);
  if (leg.status !== 'PENDING') return null;
  if (request.awaitingConfirmation) return confirmationWait(request, now);
  if (leg.claimedUntil && leg.claimedUntil > now) return wait('ATTEMPT_RUNNING', leg.subgraph, leg.claimedUntil);
  if (waitsForProfile(request.type, leg.subgraph)) {
    const profile = legs.find((l) => l.subgraph === PROFILE_LEG);
    if (profile && profile.status !== 'DONE') return wait('EARLIER_LEG', PROFILE_LEG);
  }
  if (HOLD_GATED.includes(request.type) && holds.some((h) => holdApplies(request, leg, h)))
    return wait('LEGAL_HOLD', leg.subgraph);
  if (leg.nextAttemptAt > now) return wait('RETRY_SCHEDULED', leg.subgraph, leg.nextAttemptAt);
  return wait('QUEUED', leg.subgraph);
}

/**
 * What a request waits for: its legs' waits (once each), or what a request without a pending leg
 * waits for. Empty only for a closed request.
 */
export function requestWaitingFor(
  request: WaitingRequest,
  legs: readonly WaitingLeg[],
  holds: readonly PendingHold[],
  now: Date,
): Wait[] {
  if (!OPEN_STATUSES.includes(request.status)) return [];
  if (request.status === 'AWAITING_REVIEW') return [wait('DPO_REVIEW')];
  if (request.awaitingConfirmation) return [confirmationWait(request, now)];
  if (request.type === 'INACTIVITY' || request.type === 'MINOR') {
    if (request.dueAt > now)
      return [wait(request.type === 'INACTIVITY' ? 'SUBJECT_SIGN_IN' : 'PARENTAL_CONSENT', null, request.dueAt)];
    return [wait('NEXT_SWEEP', null, new Date(request.dueAt.getTime() + DAY_MS))];
  }
  const waits: Wait[] = [];
  const seen = new Set<string>();
  for (const leg of legs) {
    const w = legWaitingFor(request, leg, legs, holds, now);
    const key = w && `${w.reason}/${w.subgraph ?? ''}`;
    if (w && key && !seen.has(key)) {
      seen.add(key);
      waits.push(w);
    }
  }
  // Open with nothing pending (a leg settled and the request not yet): the worker's next pass.
  return waits.length > 0 ? waits : [wait('QUEUED')];
}

/**
 * Whether a request whose waits these are is stalled: open longer than the setting (the caller
 * checks), no attempt under way, and waiting for something other than its subject or a date of
 * the policy (decision 105).
 */
export function isStalled(waits: readonly Wait[], now: Date): boolean {
  const expected = (w: Wait) =>
    EXPECTED.includes(w.reason) || (w.reason === 'NEXT_SWEEP' && w.until !== null && w.until > now);
  return waits.length > 0 && waits.every((w) => w.reason !== 'ATTEMPT_RUNNING') && !waits.every(expected);
}

function confirmationWait(request: WaitingRequest, now: Date): Wait {
  const expires = request.confirmationExpiresAt ?? null;
  return expires && expires > now
    ? wait('EMAIL_CONFIRMATION', null, expires)
    : wait('EMAIL_CODE_EXPIRED', null, expires);
}

/** A hold still to be placed in the leg's subgraph, for the request's subject (a sweep: for anyone). */
function holdApplies(request: WaitingRequest, leg: WaitingLeg, hold: PendingHold): boolean {
  return hold.subgraph === leg.subgraph && (request.type === 'RETENTION' || hold.subjectId === request.subjectId);
}
