/** What a message says, as facts: the kinds, the languages, who writes, and the typed notice of each kind. */

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The kinds of message; the outbox stores the kind, GraphQL lists it. */
export const MESSAGE_KINDS = [
  'EMAIL_CONFIRMATION',
  'REQUEST_RECEIVED',
  'REQUEST_COMPLETED',
  'REQUEST_REJECTED',
  'DEADLINE_EXTENDED',
  'PACKAGE_READY',
  'INACTIVITY_WARNING',
  'GUARDIAN_CONTACT',
  'REQUEST_DELAYED',
  'REQUEST_FAILED',
  'DISCLOSURE_MADE',
  'BREACH_NOTIFIED',
  'OBJECTION_EXAMINED',
  'OBJECTION_DECIDED',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Who writes: the controller named in the configured policy, and where to complain (Art. 12(4), 77). */
export interface Sender {
  organisation: string;
  contact: string;
  authority: string;
}

/**
 * Why a record outlives an erasure, as the subject is told it: a legal obligation (accounting),
 * legal claims (a dispute under way), the archive the policy keeps after a closure (veloraqenvi's
 * 24 months of support exchanges), or a hold placed by the organisation.
 */
export const KEPT_BASES = ['LEGAL_OBLIGATION', 'LEGAL_CLAIMS', 'CLOSURE_ARCHIVE', 'HOLD'] as const;
export type KeptBasis = (typeof KEPT_BASES)[number];

/** Records of one kind kept on one basis: how many, until when (the latest date; null: until an event). */
export interface KeptRecords {
  entity: string;
  count: number;
  basis: KeptBasis;
  until: Date | null;
}

/** Why a request exists (ledger/request-details.ts), and the day of that event. */
export type Cause = { cause: 'REQUEST' } | { cause: LifeEvent; at: Date };
type LifeEvent = 'CLOSURE' | 'INACTIVITY' | 'MINOR' | 'GUARDIAN';

/** The rights of a request, as the ledger names them (RETENTION and other system runs send no mail). */
export type RightName =
  | 'ERASURE'
  | 'RECTIFICATION'
  | 'RESTRICTION'
  | 'LIFT_RESTRICTION'
  | 'OBJECTION'
  | 'CONSENT'
  | 'CLOSURE'
  | 'ACCESS'
  | 'PORTABILITY';

export type Notice =
  | { kind: 'EMAIL_CONFIRMATION'; code: string; expiresAt: Date }
  | {
      kind: 'REQUEST_RECEIVED';
      requestId: string;
      right: RightName;
      receivedAt: Date;
      dueAt: Date;
      cause?: Cause;
    }
  | {
      kind: 'REQUEST_COMPLETED';
      requestId: string;
      right: RightName;
      completedAt: Date;
      kept: KeptRecords[];
      cause?: Cause;
      /** A closure: the day its erasure is due, or null when the policy erases at once. */
      erasureBy?: Date | null;
    }
  | { kind: 'REQUEST_DELAYED'; requestId: string; right: RightName; dueAt: Date }
  | {
      kind: 'REQUEST_FAILED';
      requestId: string;
      type: string;
      subjectId: string;
      dueAt: Date;
      failedLegs: Array<{ subgraph: string; attempts: number }>;
    }
  | { kind: 'REQUEST_REJECTED'; requestId: string; right: RightName; reason: string }
  | { kind: 'DEADLINE_EXTENDED'; requestId: string; right: RightName; reason: string; dueAt: Date; months: number }
  | { kind: 'PACKAGE_READY'; requestId: string; right: RightName; link: string; expiresAt: Date }
  | { kind: 'INACTIVITY_WARNING'; lastActivity: Date; erasureDate: Date }
  | {
      kind: 'GUARDIAN_CONTACT';
      childName: string;
      minimumAge: number;
      respondBy: Date;
      /** The guardian recorded, written to by name; absent: the account's address, to the legal representatives. */
      guardianName?: string;
    }
  | {
      kind: 'DISCLOSURE_MADE';
      requestId: string;
      authority: string;
      legalBasis: string;
      categories: string[];
      at: Date;
    }
  | {
      kind: 'BREACH_NOTIFIED';
      requestId: string;
      reference: string;
      circumstances: string;
      consequences: string;
      measures: string;
      advice: string;
      categories: string[];
      at: Date;
    }
  /** An objection to a legitimate-interest processing, restricted meanwhile until a dpo decides (O36, V46). */
  | { kind: 'OBJECTION_EXAMINED'; requestId: string; purpose: string; dueAt: Date }
  | { kind: 'OBJECTION_DECIDED'; requestId: string; purpose: string; decision: 'UPHELD' | 'REFUSED'; reasons: string };

export interface RenderedMail {
  subject: string;
  text: string;
}

export type Of<K extends MessageKind> = Extract<Notice, { kind: K }>;
export type Templates = { [K in MessageKind]: (n: Of<K>, s: Sender) => RenderedMail };

/**
 * The language of a profile's locale (`fr-FR`, `en_GB`, `EN`), or the fallback when we write
 * no message in it (`ja-JP`, `ar`, none).
 */
export function languageOf(locale: string | null | undefined, fallback: Language): Language {
  const primary = locale?.trim().toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as Language) : fallback;
}
