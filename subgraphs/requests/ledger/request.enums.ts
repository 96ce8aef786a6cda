import { registerEnumType } from 'type-graphql';

/**
 * The ledger's vocabulary, defined once: the values stored in `rights_request.type`,
 * `rights_request.status` and `request_leg.status` are the values of the GraphQL enums of the
 * same names, so entities, views and resolvers share these types without a cast. A new kind of
 * request is one line in `RequestType`.
 */
export const RequestType = {
  ERASURE: 'ERASURE',
  RECTIFICATION: 'RECTIFICATION',
  RESTRICTION: 'RESTRICTION',
  LIFT_RESTRICTION: 'LIFT_RESTRICTION',
  OBJECTION: 'OBJECTION',
  CONSENT: 'CONSENT',
  /** The account closed: CLOSED at once, an ordinary erasure scheduled by the policy (lifecycle/closure.ts). */
  CLOSURE: 'CLOSURE',
  /**
   * An account without a login for the policy's period, warned (veloraqenvi): RECEIVED while the
   * warning runs, REJECTED when a login cancels it, COMPLETED when its ordinary erasure is submitted.
   */
  INACTIVITY: 'INACTIVITY',
  /**
   * A minor's account (veloraqenvi): the legal representatives contacted, RECEIVED while the
   * delay runs; REJECTED when a parental consent is recorded, COMPLETED when its erasure is submitted.
   */
  MINOR: 'MINOR',
  /** A parental consent recorded for a minor's account (who, when, the evidence): keeps the account. */
  PARENTAL_CONSENT: 'PARENTAL_CONSENT',
  /**
   * A legal representative recorded for a minor's account (name, address, relationship; dpo): the
   * guardian message goes to them. The latest one recorded is the one in force.
   */
  GUARDIAN_CONTACT: 'GUARDIAN_CONTACT',
  /** A retention sweep: not a subject's right, the policy's periods applied (subjectId is the nil UUID). */
  RETENTION: 'RETENTION',
  /** A legal hold placed (not a subject's right): its records survive erasure and sweeps until released. */
  LEGAL_HOLD: 'LEGAL_HOLD',
  /** A legal hold released, and the deferred part of the subject's earlier erasures carried out. */
  HOLD_RELEASE: 'HOLD_RELEASE',
  /** Art. 15: a copy of everything held, as the access package (a zip the subject fetches). */
  ACCESS: 'ACCESS',
  /** Art. 20: the portable package (what the subject provided, on contract or consent). */
  PORTABILITY: 'PORTABILITY',
  /** A disclosure to an authority on a legal requisition (not a right): recorded, told where the law allows. */
  DISCLOSURE: 'DISCLOSURE',
  /** A personal-data breach told to a subject it affects (not a right): the notification recorded. */
  BREACH_NOTICE: 'BREACH_NOTICE',
  /**
   * A correction of an archived record (an issued invoice's wording) entered by support (O35):
   * recorded beside the record in billing, the record itself kept as issued.
   */
  ARCHIVE_CORRECTION: 'ARCHIVE_CORRECTION',
} as const;
export type RequestType = (typeof RequestType)[keyof typeof RequestType];
registerEnumType(RequestType, {
  name: 'RequestType',
  description:
    "The right exercised: Art. 17, 16, 18, 18(3), 21, 7(3); CLOSURE of the account; INACTIVITY, a warning before an erasure; LEGAL_HOLD / HOLD_RELEASE, a legal hold placed or released (Art. 17(3)(e)); or RETENTION, a sweep of the policy's periods; ARCHIVE_CORRECTION, an issued invoice's wording corrected beside it by support (O35).",
});

export const RequestStatus = {
  RECEIVED: 'RECEIVED',
  IN_PROGRESS: 'IN_PROGRESS',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  REJECTED: 'REJECTED',
  /** An export whose package is built, waiting for a dpo's approveExport (the policy's accessReview). */
  AWAITING_REVIEW: 'AWAITING_REVIEW',
  /** An objection on legitimate interest, restricted meanwhile, waiting for a dpo's decideObjection (O36, V46). */
  UNDER_EXAMINATION: 'UNDER_EXAMINATION',
} as const;
export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus];
registerEnumType(RequestStatus, {
  name: 'RequestStatus',
  description:
    'RECEIVED: recorded, nothing run yet (or waiting for an email confirmation); IN_PROGRESS: legs running or retrying; COMPLETED: every leg done; FAILED: a leg gave up (retryRequest); REJECTED: refused with a reason; AWAITING_REVIEW: an export built, waiting for a dpo to approve its release; UNDER_EXAMINATION: an objection to a legitimate-interest processing, the processing restricted meanwhile, waiting for a dpo to uphold or refuse it (decideObjection).',
});

/**
 * The requests a person makes about themselves (not a sweep, a warning, a hold, a disclosure):
 * their subject is told what became of each (mail/told.ts), and each counts as activity
 * (lifecycle/lifecycle.store.ts).
 */
export const SUBJECT_REQUEST_TYPES = [
  'ERASURE',
  'RECTIFICATION',
  'RESTRICTION',
  'LIFT_RESTRICTION',
  'OBJECTION',
  'CONSENT',
  'CLOSURE',
  'ACCESS',
  'PORTABILITY',
] as const satisfies readonly RequestType[];

/** Requests that are still running: the others are closed (their legs are left alone). */
export const OPEN_STATUSES: readonly RequestStatus[] = [
  'RECEIVED',
  'IN_PROGRESS',
  'FAILED',
  'AWAITING_REVIEW',
  'UNDER_EXAMINATION',
];

export const LegStatus = {
  PENDING: 'PENDING',
  DONE: 'DONE',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
} as const;
export type LegStatus = (typeof LegStatus)[keyof typeof LegStatus];
registerEnumType(LegStatus, {
  name: 'LegStatus',
  description:
    'PENDING: to do or to retry; DONE: receipt in hand; FAILED: gave up (retryRequest starts again); CANCELLED: the request was rejected.',
});
