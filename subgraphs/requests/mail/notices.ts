import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { PrivacyPolicy } from '../../../policies';
import type { OutboxMessageEntity } from './entities/outbox-message.entity';
import type { RequestLegEntity } from '../ledger/entities/request-leg.entity';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { renderNotice } from './mail.templates';
import { causeOf, closureErasureBy, keptRecords } from './kept';
import { parseDetails } from '../ledger/request-details';
import { languageOf, type Language, type Notice, type Of, type Sender } from './templates/notice';
import type { OutboxStore } from './outbox.store';
import { ADDRESSED, AT_ONCE, tellsSubject } from './told';

export { tellsSubject };

/** Whom a request's messages go to, and in which language: captured from profile at receipt. */
export interface Addressee {
  email: string;
  language: Language;
}

type Notified = Pick<RightsRequestEntity, 'id' | 'type' | 'subjectId' | 'notifyEmail' | 'notifyLanguage'>;
type Settled = Notified & Pick<RightsRequestEntity, 'details' | 'receivedAt' | 'dueAt'>;

/**
 * The messages the ledger's changes cause, rendered and written to the outbox in the caller's
 * transaction (the message exists if and only if the change does). A request tells its subject
 * when it is received, extended, rejected and completed (Art. 12(3), 12(4)); the address is the
 * one profile gave at receipt and kept on the request until its last message is written.
 */
export class Notices {
  private readonly sender: Sender;

  /** `dpo`: where a failed request is told at once (DPO_EMAIL, or the From address). */
  constructor(
    private readonly outbox: OutboxStore,
    private readonly policy: PrivacyPolicy,
    readonly defaultLanguage: Language,
    private readonly dpo: string | null = null,
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

  /**
   * « Received », only where the answer takes time: not for a change that completes at once, nor
   * for an erasure the account's life scheduled (the closure's outcome, the warning or the
   * guardians' contact already said when it comes).
   */
  async received(tx: EntityManager, request: RightsRequestEntity, now: Date): Promise<void> {
    if (!tellsSubject(request.type) || AT_ONCE.includes(request.type)) return;
    const cause = causeOf(request.details);
    if (cause.cause !== 'REQUEST' && cause.cause !== 'GUARDIAN') return;
    await this.toSubject(
      tx,
      request,
      {
        kind: 'REQUEST_RECEIVED',
        requestId: request.id,
        right: request.type,
        receivedAt: request.receivedAt,
        dueAt: request.dueAt,
        cause,
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
    request: Settled,
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
      cause: causeOf(request.details),
      ...(request.type === 'CLOSURE' ? { erasureBy: closureErasureBy(this.policy, request) } : {}),
    };
    await this.toSubject(tx, newEmail ? { ...request, notifyEmail: newEmail } : request, notice, now);
  }

  /**
   * A request FAILED (a leg out of retries): the dpo is told at once, with the services that failed
   * and no personal data; the subject is told of the delay and the date they will be answered by.
   */
  async failed(tx: EntityManager, request: Settled, legs: readonly RequestLegEntity[], now: Date): Promise<void> {
    const failedLegs = legs
      .filter((l) => l.status === 'FAILED')
      .map((l) => ({ subgraph: l.subgraph, attempts: l.attempts }));
    if (this.dpo) {
      const notice: Notice = {
        kind: 'REQUEST_FAILED',
        requestId: request.id,
        type: request.type,
        subjectId: request.subjectId,
        dueAt: request.dueAt,
        failedLegs,
      };
      await this.write(tx, { ...request, notifyLanguage: this.defaultLanguage }, this.dpo, notice, now);
    }
    if (!tellsSubject(request.type)) return;
    await this.toSubject(
      tx,
      request,
      { kind: 'REQUEST_DELAYED', requestId: request.id, right: request.type, dueAt: request.dueAt },
      now,
    );
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

  /**
   * The request for a parental consent: to the guardian recorded (`guardianName`, the request
   * addressed to them), or without one through the account's address to the legal representatives.
   */
  async guardianContact(
    tx: EntityManager,
    request: Notified,
    childName: string,
    minimumAge: number,
    respondBy: Date,
    now: Date,
    guardianName?: string,
  ): Promise<void> {
    await this.toSubject(
      tx,
      request,
      { kind: 'GUARDIAN_CONTACT', childName, minimumAge, respondBy, ...(guardianName ? { guardianName } : {}) },
      now,
    );
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

  /** What was done about the subject that they are told of: a disclosure (O27, V34), a breach (O32, V38). */
  async toldOf(tx: EntityManager, request: Notified, notice: Of<'DISCLOSURE_MADE' | 'BREACH_NOTIFIED'>, now: Date) {
    await this.toSubject(tx, request, notice, now);
  }

  /** An examined objection (O36, V46): under examination (restricted meanwhile), then decided, with reasons. */
  async objection(tx: EntityManager, request: Settled, now: Date): Promise<void> {
    const { purpose = '', objection } = parseDetails(request.details);
    const { id: requestId } = request;
    const { decision, reasons = '' } = objection ?? {};
    const notice: Notice = decision
      ? { kind: 'OBJECTION_DECIDED', requestId, purpose, decision, reasons }
      : { kind: 'OBJECTION_EXAMINED', requestId, purpose, dueAt: request.dueAt };
    await this.toSubject(tx, request, notice, now);
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
