import { OPEN_STATUSES, type LegStatus, type RequestStatus, type RequestType } from './request.enums';

/**
 * What an open request, or one of its legs, waits for: every open request answers at least one
 * of these (decision 104), so that nothing is ever open without a reason anyone can read.
 */
export const WaitReason = {
  /** Due now: the worker takes it at its next pass. */
  QUEUED: 'QUEUED',
  /** A first attempt is under way (until its lease ends). */
  ATTEMPT_RUNNING: 'ATTEMPT_RUNNING',
  /** An attempt after failed ones is under way: the subgraph refused or was unreachable before. */
  RETRY_RUNNING: 'RETRY_RUNNING',
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
  /** A leg gave up: a dpo retries (retryRequest) or rejects the request; or an objection waits for decideObjection. */
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

/**
 * What the request's type says of waiting (registry.ts): the leg the others wait for, the gates
 * a leg may wait at (each already knowing what it holds now), and, for a type without legs,
 * what it waits for instead.
 */
export interface WaitRules {
  firstLeg: string | null;
  gates: ReadonlyArray<{ reason: WaitReason; holds: (request: WaitingRequest, subgraph: string) => boolean }>;
  own?: (request: WaitingRequest, now: Date) => Wait[] | null;
}

export const NO_RULES: WaitRules = { firstLeg: null, gates: [] };

/**
 * Waits that are no sign of a stalled request: ended by the subject's act or a date of the
 * policy, a first attempt under way, or a leg due that the worker's next pass takes.
 */
const EXPECTED: readonly WaitReason[] = [
  'EMAIL_CONFIRMATION',
  'SUBJECT_SIGN_IN',
  'PARENTAL_CONSENT',
  'ATTEMPT_RUNNING',
  'QUEUED',
];

export const wait = (reason: WaitReason, subgraph: string | null = null, until: Date | null = null): Wait => ({
  reason,
  subgraph,
  until,
});

/** What one leg waits for, or null when it waits for nothing (done, cancelled, or its request is closed). */
export function legWaitingFor(
  request: WaitingRequest,
  leg: WaitingLeg,
  legs: readonly WaitingLeg[],
  rules: WaitRules,
  now: Date,
): Wait | null {
  if (!OPEN_STATUSES.includes(request.status)) return null;
  if (leg.status === 'FAILED') return wait('DPO_DECISION', leg.subgraph);
  if (leg.status !== 'PENDING') return null;
  if (request.awaitingConfirmation) return confirmationWait(request, now);
  // The claim counts the attempt: more than one means earlier ones failed.
  if (leg.claimedUntil && leg.claimedUntil > now)
    return wait(leg.attempts > 1 ? 'RETRY_RUNNING' : 'ATTEMPT_RUNNING', leg.subgraph, leg.claimedUntil);
  if (rules.firstLeg && leg.subgraph !== rules.firstLeg) {
    const first = legs.find((l) => l.subgraph === rules.firstLeg);
    if (first && first.status !== 'DONE') return wait('EARLIER_LEG', rules.firstLeg);
  }
  const gate = rules.gates.find((g) => g.holds(request, leg.subgraph));
  if (gate) return wait(gate.reason, leg.subgraph);
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
  rules: WaitRules,
  now: Date,
): Wait[] {
  if (!OPEN_STATUSES.includes(request.status)) return [];
  if (request.status === 'AWAITING_REVIEW') return [wait('DPO_REVIEW')];
  if (request.status === 'UNDER_EXAMINATION') return [wait('DPO_DECISION')];
  if (request.awaitingConfirmation) return [confirmationWait(request, now)];
  const own = rules.own?.(request, now);
  if (own) return own;
  const waits: Wait[] = [];
  const seen = new Set<string>();
  for (const leg of legs) {
    const w = legWaitingFor(request, leg, legs, rules, now);
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
 * Whether a request whose waits these are is stalled (the caller checks it is open longer than
 * the setting): it waits for something other than its subject, a date of the policy, a first
 * attempt or the worker's next pass: a subgraph that keeps refusing (between retries or during
 * one), an earlier leg that does, a failed leg, an expired code, a review, a sweep that did not
 * act on its day (decision 105).
 */
export function isStalled(waits: readonly Wait[], now: Date): boolean {
  const expected = (w: Wait) =>
    EXPECTED.includes(w.reason) || (w.reason === 'NEXT_SWEEP' && w.until !== null && w.until > now);
  return !waits.every(expected);
}

function confirmationWait(request: WaitingRequest, now: Date): Wait {
  const expires = request.confirmationExpiresAt ?? null;
  return expires && expires > now
    ? wait('EMAIL_CONFIRMATION', null, expires)
    : wait('EMAIL_CODE_EXPIRED', null, expires);
}
