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
  'DISCLOSURE_MADE',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Who writes: the controller named in the configured policy, and where to complain (Art. 12(4), 77). */
export interface Sender {
  organisation: string;
  contact: string;
  authority: string;
}

/** Records of one kind kept despite an erasure, on one ground: how many, until when (the latest date). */
export interface KeptRecords {
  entity: string;
  count: number;
  ground: string;
  until: Date | null;
  untilEvent: string | null;
}

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
  | { kind: 'REQUEST_RECEIVED'; requestId: string; right: RightName; receivedAt: Date; dueAt: Date }
  | { kind: 'REQUEST_COMPLETED'; requestId: string; right: RightName; completedAt: Date; kept: KeptRecords[] }
  | { kind: 'REQUEST_REJECTED'; requestId: string; right: RightName; reason: string }
  | { kind: 'DEADLINE_EXTENDED'; requestId: string; right: RightName; reason: string; dueAt: Date; months: number }
  | { kind: 'PACKAGE_READY'; requestId: string; right: RightName; link: string; expiresAt: Date }
  | { kind: 'INACTIVITY_WARNING'; lastActivity: Date; erasureDate: Date }
  | { kind: 'GUARDIAN_CONTACT'; childName: string; minimumAge: number; respondBy: Date }
  | {
      kind: 'DISCLOSURE_MADE';
      requestId: string;
      authority: string;
      legalBasis: string;
      categories: string[];
      at: Date;
    };

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
