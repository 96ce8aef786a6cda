import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { receiptFromJson } from '../../../common/privacy-contract/receipt';
import type { PrivacyPolicy } from '../../../policies';
import type { OutboxMessageEntity } from './entities/outbox-message.entity';
import type { RequestLegEntity } from '../ledger/entities/request-leg.entity';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { renderNotice } from './mail.templates';
import {
  languageOf,
  type KeptRecords,
  type Language,
  type Notice,
  type Of,
  type RightName,
  type Sender,
} from './templates/notice';
import type { OutboxStore } from './outbox.store';

/**
 * The requests a person makes, whose subject is told what became of them; any other run (a
 * retention sweep, say) tells nobody.
 */
const RIGHTS: readonly RightName[] = [
  'ERASURE',
  'RECTIFICATION',
  'RESTRICTION',
  'LIFT_RESTRICTION',
  'OBJECTION',
  'CONSENT',
  'CLOSURE',
  'ACCESS',
  'PORTABILITY',
];

/** Not a request of the subject, yet they may be told of it by a message of its own (a disclosure). */
const ADDRESSED: readonly string[] = ['DISCLOSURE'];

export function tellsSubject(type: string): type is RightName {
  return (RIGHTS as readonly string[]).includes(type);
}

/** Whom a request's messages go to, and in which language: captured from profile at receipt. */
export interface Addressee {
  email: string;
  language: Language;
}

type Notified = Pick<RightsRequestEntity, 'id' | 'type' | 'subjectId' | 'notifyEmail' | 'notifyLanguage'>;

/**
 * The messages the ledger's changes cause, rendered and written to the outbox in the caller's
 * transaction (the message exists if and only if the change does). A request tells its subject
 * when it is received, extended, rejected and completed (Art. 12(3), 12(4)); the address is the
 * one profile gave at receipt and kept on the request until its last message is written.
 */
export class Notices {
  private readonly sender: Sender;

  constructor(
    private readonly outbox: OutboxStore,
    policy: PrivacyPolicy,
    readonly defaultLanguage: Language,
  ) {
    this.sender = {
      organisation: policy.controller.name,
      contact: policy.controller.contact,
      authority: policy.supervisoryAuthority,
    };
  }

  /** The addressee of a request about this subject, or null when it tells nobody (or profile has no address). */
  addressee(type: string, contact: { email: string | null; locale: string | null }): Addressee | null {
    if (!(tellsSubject(type) || ADDRESSED.includes(type)) || !contact.email) return null;
    return { email: contact.email, language: languageOf(contact.locale, this.defaultLanguage) };
  }

  /** The code that proves a new address, sent to that address (not to the one on file). */
  async emailCode(tx: EntityManager, request: Notified, to: string, code: string, expiresAt: Date, now: Date) {
    await this.write(tx, request, to, { kind: 'EMAIL_CONFIRMATION', code, expiresAt }, now);
  }

  async received(tx: EntityManager, request: RightsRequestEntity, now: Date): Promise<void> {
    if (!tellsSubject(request.type)) return;
    await this.toSubject(
      tx,
      request,
      {
        kind: 'REQUEST_RECEIVED',
        requestId: request.id,
        right: request.type,
        receivedAt: request.receivedAt,
        dueAt: request.dueAt,
      },
      now,
    );
  }

  async extended(tx: EntityManager, request: Notified, reason: string, months: number, dueAt: Date, now: Date) {
    if (!tellsSubject(request.type)) return;
    await this.toSubject(
      tx,
      request,
      { kind: 'DEADLINE_EXTENDED', requestId: request.id, right: request.type, reason, months, dueAt },
      now,
    );
  }

  /** The last message of a request: the caller clears `notifyEmail` in the same transaction. */
  async rejected(tx: EntityManager, request: Notified, reason: string, now: Date): Promise<void> {
    if (!tellsSubject(request.type)) return;
    await this.toSubject(
      tx,
      request,
      { kind: 'REQUEST_REJECTED', requestId: request.id, right: request.type, reason },
      now,
    );
  }

  /**
   * The last message of a request, with what was kept and why (from the legs' receipts). A new
   * email, confirmed and now applied, is where the subject reads their mail from now on.
   * The caller clears `notifyEmail` in the same transaction.
   */
  async completed(
    tx: EntityManager,
    request: Notified,
    legs: readonly RequestLegEntity[],
    newEmail: string | undefined,
    now: Date,
  ): Promise<void> {
    if (!tellsSubject(request.type)) return;
    const notice: Notice = {
      kind: 'REQUEST_COMPLETED',
      requestId: request.id,
      right: request.type,
      completedAt: now,
      kept: keptRecords(legs),
    };
    await this.toSubject(tx, newEmail ? { ...request, notifyEmail: newEmail } : request, notice, now);
  }

  /**
   * The warning before an inactivity erasure (veloraqenvi), to the address profile has now; the
   * warning's request is its cause. No address: nobody to warn (the erasure still waits its 60 days).
   */
  async inactivityWarning(
    tx: EntityManager,
    request: Notified,
    lastActivity: Date,
    erasureDate: Date,
    now: Date,
  ): Promise<void> {
    await this.toSubject(tx, request, { kind: 'INACTIVITY_WARNING', lastActivity, erasureDate }, now);
  }

  /** The request for a parental consent, through the account's address (decision 95). */
  async guardianContact(
    tx: EntityManager,
    request: Notified,
    childName: string,
    minimumAge: number,
    respondBy: Date,
    now: Date,
  ): Promise<void> {
    await this.toSubject(tx, request, { kind: 'GUARDIAN_CONTACT', childName, minimumAge, respondBy }, now);
  }

  /** The last message of an export: the package is ready, where, and until when (V8). */
  async packageReady(tx: EntityManager, request: Notified, link: string, expiresAt: Date, now: Date): Promise<void> {
    if (!tellsSubject(request.type)) return;
    await this.toSubject(
      tx,
      request,
      { kind: 'PACKAGE_READY', requestId: request.id, right: request.type, link, expiresAt },
      now,
    );
  }

  /** A disclosure to an authority, told to its subject where the law allows (O27, V34). */
  async disclosure(tx: EntityManager, request: Notified, told: Omit<Of<'DISCLOSURE_MADE'>, 'kind'>, now: Date) {
    await this.toSubject(tx, request, { kind: 'DISCLOSURE_MADE', ...told }, now);
  }

  private async toSubject(tx: EntityManager, request: Notified, notice: Notice, now: Date): Promise<void> {
    if (!request.notifyEmail) return;
    await this.write(tx, request, request.notifyEmail, notice, now);
  }

  private async write(tx: EntityManager, request: Notified, to: string, notice: Notice, now: Date): Promise<void> {
    const language = languageOf(request.notifyLanguage, this.defaultLanguage);
    const mail = renderNotice(notice, language, this.sender);
    const message: OutboxMessageEntity = {
      id: randomUUID(),
      requestId: request.id,
      subjectId: request.subjectId,
      recipient: to,
      kind: notice.kind,
      language,
      subject: mail.subject.slice(0, 200),
      body: mail.text,
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: now,
      claimedUntil: null,
      lastError: null,
      createdAt: now,
      sentAt: null,
      providerMessageId: null,
    };
    await this.outbox.insert(tx, [message]);
  }
}

/** The records the receipts kept, per kind and ground: how many, and the latest date they are kept until. */
export function keptRecords(legs: readonly Pick<RequestLegEntity, 'receipt'>[]): KeptRecords[] {
  const byKey = new Map<string, KeptRecords>();
  for (const leg of legs) {
    if (!leg.receipt) continue;
    for (const entity of receiptFromJson(leg.receipt).entities) {
      for (const r of entity.retained) {
        const key = `${entity.entity}/${r.ground}`;
        const seen = byKey.get(key);
        if (!seen) {
          byKey.set(key, {
            entity: entity.entity,
            count: 1,
            ground: r.ground,
            until: r.until,
            untilEvent: r.untilEvent,
          });
          continue;
        }
        seen.count += 1;
        // Kept until the last of them goes; an event with no date outlasts any date.
        if (seen.until && (r.until === null || r.until > seen.until)) seen.until = r.until;
        if (r.until === null) seen.untilEvent = r.untilEvent;
      }
    }
  }
  return [...byKey.values()];
}
