import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { actsAsGuardian } from '../../../common/access';
import { fail, noSuchSubject } from '../../../common/errors';
import type { PrivacyPolicy } from '../../../policies';
import type { AuditEntry } from '../ledger/audit.store';
import { ContractError, type ContractClient, type SubjectContact } from '../ledger/contract.client';
import { dueDate } from '../ledger/deadlines';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { idempotencyClaim, recordClaim, recordedUnder } from '../ledger/idempotency';
import { identityVerification } from '../ledger/identity';
import type { Lease } from '../ledger/lease';
import type { Ledger } from '../ledger/ledger';
import { newRequest, pendingLegs } from '../ledger/new-request';
import { redactDetails } from '../ledger/request-details';
import type { Submission } from '../ledger/submission';
import { WaitReason } from '../ledger/waiting';
import type { Notices } from '../mail/notices';

/** How long the code sent to a new email address works. */
const CONFIRMATION_TTL_MS = 72 * 3600_000;

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/**
 * Receives a request about a subject (ledger/submission.ts): the subject asked of profile before
 * anything is written (an unknown or erased subject changes nothing), the request and its legs
 * recorded with the received message and an audit row in one transaction, then started. A
 * request the ledger already holds for the same thing (an erasure asked twice) answers instead.
 */
export class Submissions {
  constructor(
    private readonly ledger: Ledger,
    private readonly client: ContractClient,
    private readonly policy: PrivacyPolicy,
    private readonly notices: Notices,
  ) {}

  async submit(asked: Submission): Promise<string> {
    const claim = idempotencyClaim(asked);
    const recorded = claim && (await recordedUnder(this.ledger.store.reader, claim, new Date()));
    if (recorded) return recorded;
    const existing = await this.existing(asked);
    if (existing) return existing;
    const s = byGuardian(asked);
    const contact = await this.contact(s.subjectId, s.type, keptCopy(s));
    const now = new Date();
    const email = s.details.changes?.email;
    const token = email ? randomBytes(32).toString('base64url') : null;
    const request = this.request(s, contact, token, now);
    const legs = pendingLegs(request.id, this.legs(s), now);
    let leases: Lease[] = [];
    try {
      await this.ledger.store.write(async (tx) => {
        // Its first legs taken as it is recorded: they run at once, with no claim of their own.
        leases = await this.ledger.fanout.claims.onRecord(tx, request, legs, now);
        const audit: AuditEntry[] = [this.receivedAudit(s, request, token !== null)];
        const expires = request.confirmationExpiresAt;
        if (token)
          audit.push({
            requestId: request.id,
            action: 'EMAIL_CONFIRMATION_SENT',
            actor: s.principal.sub,
            detail: { type: s.type, subjectId: s.subjectId },
          });
        await this.ledger.record(tx, request, legs, audit, now);
        if (claim) await recordClaim(tx, claim, request.id, now);
        // The code goes to the new address (not the one on file): whoever reads it there owns it.
        if (email && token && expires) await this.notices.emailCode(tx, request, email, token, expires, now);
      });
    } catch (error) {
      // Two asked at once: the unique index (or the key's) let one in, and the other is answered with it.
      const first = (claim && (await recordedUnder(this.ledger.store.reader, claim, now))) || (await this.existing(s));
      if (first) return first;
      throw error;
    }
    if (!request.awaitingConfirmation) await this.ledger.fanout.dispatchRecorded(request, this.legs(s), leases);
    return request.id;
  }

  /** The request already recorded that this one is, or a refusal (the type's `existing`, registry.ts). */
  existing(s: Pick<Submission, 'type' | 'subjectId' | 'details'>): Promise<string | null> {
    return this.ledger.types.spec(s.type).existing?.(s.subjectId, s.details) ?? Promise.resolve(null);
  }

  /** Where the subject stands in profile, and how to write to them: asked before anything is written. */
  async contact(subjectId: string, type: Submission['type'], erasedMayAsk = false): Promise<SubjectContact> {
    let contact: SubjectContact | null;
    try {
      contact = await this.client.subjectContact(subjectId, randomUUID());
    } catch (error) {
      if (error instanceof ContractError && error.code === 'SUBGRAPH_UNAVAILABLE')
        throw fail(
          'SUBGRAPH_UNAVAILABLE',
          'The profile service did not answer, so the subject could not be checked; nothing was recorded. Try again.',
        );
      throw error;
    }
    if (contact === null) throw noSuchSubject();
    if (contact.status === 'ERASED' && !erasedMayAsk)
      throw fail(
        type === 'ERASURE' || type === 'CLOSURE' ? 'ALREADY_ERASED' : 'SUBJECT_ERASED',
        'This subject is already erased.',
      );
    return contact;
  }

  private legs(s: Submission): readonly string[] {
    return this.ledger.types.spec(s.type).legs;
  }

  private request(s: Submission, contact: SubjectContact, token: string | null, now: Date): RightsRequestEntity {
    const receivedAt = s.receivedAt ?? now;
    // The address the outcome goes to is captured now: after an erasure profile has none.
    const addressee = this.notices.addressee(s.type, contact);
    return newRequest({
      type: s.type,
      subjectId: s.subjectId,
      details: s.details,
      reason: s.reason,
      submittedBy: s.principal.sub,
      receivedAt,
      dueAt: dueDate(this.policy, s.type, s.dueFrom ?? receivedAt),
      now,
      identity: s.identity ?? identityVerification(s.principal, s.subjectId, null, false, now),
      notify: addressee,
      runKey: s.runKey ?? null,
      confirmation: token ? { hash: sha256(token), expiresAt: new Date(now.getTime() + CONFIRMATION_TTL_MS) } : null,
      ...this.ledger.types.spec(s.type).markers?.(s.details),
    });
  }

  private receivedAudit(s: Submission, request: RightsRequestEntity, awaitingCode: boolean): AuditEntry {
    return {
      requestId: request.id,
      action: 'RECEIVED',
      actor: s.principal.sub,
      detail: {
        type: s.type,
        subjectId: s.subjectId,
        ...redactDetails(s.details),
        waitingFor: awaitingCode ? WaitReason.EMAIL_CONFIRMATION : WaitReason.QUEUED,
        // How the identity was verified, never the evidence itself (that stays in the request).
        identityMethod: request.identityMethod,
      },
    };
  }
}

/**
 * A request a guardian enters for the child carries its cause (after the idempotency claim, which
 * hashes what was asked): its messages tell the child it came from their legal representative.
 */
function byGuardian(s: Submission): Submission {
  if (!actsAsGuardian(s.principal, s.subjectId)) return s;
  return { ...s, details: { ...s.details, cause: 'GUARDIAN', causeAt: new Date().toISOString() } };
}

/**
 * An erased subject is owed a copy of what the law still keeps (O9, V11): an access request a dpo
 * enters after checking the identity against what is held (an invoice reference, the billing
 * address), never on a token alone, since the account that would prove it is gone.
 */
function keptCopy(s: Submission): boolean {
  const method = s.identity?.identityMethod;
  return s.type === 'ACCESS' && method != null && method !== 'SUBJECT_TOKEN' && method !== 'GUARDIAN_TOKEN';
}
