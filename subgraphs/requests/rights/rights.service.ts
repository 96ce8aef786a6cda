import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { DATA_SUBGRAPH_NAMES } from '../../../common/config';
import type { Principal } from '../../../common/access';
import type { PrivacyPolicy } from '../../../policies';
import { appendAudit, type AuditEntry } from '../ledger/audit.store';
import { askEveryLeg, auditedLegs } from '../ledger/dry-run';
import { ContractError, type ContractCall, type ContractClient, type SubjectContact } from '../ledger/contract.client';
import { dueDate, extendDeadline, maxExtensionMonths } from '../ledger/deadlines';
import type { RequestLegEntity } from '../ledger/entities/request-leg.entity';
import { LIVE_CLOSURE, LIVE_ERASURE, type RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import type { Fanout } from '../ledger/fanout';
import type { LedgerStore } from '../ledger/ledger.store';
import type { Notices } from '../mail/notices';
import { redactDetails, parseDetails, type RequestDetails } from '../ledger/request-details';
import { OPEN_STATUSES, type RequestType } from '../ledger/request.enums';
import { identityVerification, type IdentityRecord } from '../ledger/identity';
import { isExport, legSubgraphs } from '../ledger/legs';
import type { RequestView } from '../ledger/request.view';
import { dryRunView } from '../ledger/request.view';
import { WaitReason } from '../ledger/waiting';

/** How long the link sent to a new email address works. */
const CONFIRMATION_TTL_MS = 72 * 3600_000;

const fail = (code: string, message: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extensions } });

export interface Submission {
  type: RequestType;
  subjectId: string;
  details: RequestDetails;
  reason: string | null;
  principal: Principal;
  /** When it was received, if before it is recorded (a closure asked by letter): deadlines run from it. */
  receivedAt?: Date;
  /** How the subject's identity was verified; default: their own token when they ask themself. */
  identity?: IdentityRecord;
}

/**
 * The ledger's actions: receive a request (recorded with its legs and an audit row before any
 * subgraph is called), extend, reject, retry, confirm a new email. Each action is one
 * transaction with its audit row.
 */
export class RightsService {
  constructor(
    private readonly store: LedgerStore,
    private readonly fanout: Fanout,
    private readonly client: ContractClient,
    private readonly policy: PrivacyPolicy,
    private readonly notices: Notices,
  ) {}

  async submit(s: Submission): Promise<string> {
    let contact: SubjectContact;
    try {
      contact = await this.checkSubject(s);
    } catch (error) {
      if (error instanceof ExistingRequest) return error.requestId;
      throw error;
    }
    const now = new Date();
    const received = s.receivedAt ?? now;
    const id = randomUUID();
    const email = s.details.changes?.email;
    const token = email ? randomBytes(32).toString('base64url') : null;
    // The address the outcome goes to is captured now: after an erasure profile has none.
    const addressee = this.notices.addressee(s.type, contact);
    const identity = s.identity ?? identityVerification(s.principal, s.subjectId, null, false, now);
    const request: RightsRequestEntity = {
      id,
      type: s.type,
      subjectId: s.subjectId,
      status: 'RECEIVED',
      details: JSON.stringify(s.details),
      reason: s.reason,
      submittedBy: s.principal.sub,
      receivedAt: received,
      initialDueAt: dueDate(this.policy, s.type, received),
      dueAt: dueDate(this.policy, s.type, received),
      extendedMonths: 0,
      extensionReason: null,
      completedAt: null,
      rejectionReason: null,
      awaitingConfirmation: token !== null,
      confirmationHash: token ? sha256(token) : null,
      confirmationExpiresAt: token ? new Date(now.getTime() + CONFIRMATION_TTL_MS) : null,
      // A partial erasure leaves the subject a subject: it is not "the" erasure (V29).
      liveErasure:
        s.type === 'ERASURE' && !s.details.categories ? LIVE_ERASURE : s.type === 'CLOSURE' ? LIVE_CLOSURE : null,
      notifyEmail: addressee?.email ?? null,
      notifyLanguage: addressee?.language ?? null,
      updatedAt: now,
      ...identity,
      liveExport: isExport(s.type) ? s.type : null,
    };
    const legs: RequestLegEntity[] = legSubgraphs(s.type, DATA_SUBGRAPH_NAMES).map((subgraph) => ({
      requestId: id,
      subgraph,
      status: 'PENDING',
      attempts: 0,
      lastError: null,
      nextAttemptAt: now,
      claimedUntil: null,
      receipt: null,
      updatedAt: now,
    }));
    try {
      await this.store.write(async (tx) => {
        await this.store.insertRequest(tx, request, legs);
        const audit: AuditEntry[] = [
          {
            requestId: id,
            action: 'RECEIVED',
            actor: s.principal.sub,
            detail: {
              type: s.type,
              subjectId: s.subjectId,
              ...redactDetails(s.details),
              waitingFor: token ? WaitReason.EMAIL_CONFIRMATION : WaitReason.QUEUED,
            },
          },
        ];
        await this.notices.received(tx, request, now);
        if (email && token && request.confirmationExpiresAt) {
          await this.notices.emailCode(tx, request, email, token, request.confirmationExpiresAt, now);
          audit.push({
            requestId: id,
            action: 'EMAIL_CONFIRMATION_SENT',
            actor: s.principal.sub,
            detail: { type: s.type, subjectId: s.subjectId },
          });
        }
        await appendAudit(tx, now, audit);
      });
    } catch (error) {
      // Two erasures (closures) of one subject at once: the unique index lets one in; the other gets it.
      const live =
        s.type === 'ERASURE'
          ? await this.store.liveErasure(s.subjectId)
          : s.type === 'CLOSURE'
            ? await this.store.liveClosure(s.subjectId)
            : null;
      if (live) return live.id;
      // Two exports of one kind at once: the unique index lets one in; the other is told which.
      const open = isExport(s.type) ? await this.store.liveExport(s.subjectId, s.type) : null;
      if (open) throw exportInProgress(open.id);
      throw error;
    }
    if (!request.awaitingConfirmation) await this.fanout.dispatch(id);
    return id;
  }

  /**
   * Whether the subject exists and may be the object of this request, asked of profile before
   * anything is written: an unknown or already erased subject changes nothing.
   */
  private async checkSubject(s: Submission): Promise<SubjectContact> {
    if (s.type === 'ERASURE' && !s.details.categories) {
      const live = await this.store.liveErasure(s.subjectId);
      if (live?.status === 'COMPLETED')
        throw fail('ALREADY_ERASED', 'This subject is already erased.', { requestId: live.id });
      if (live) throw new ExistingRequest(live.id);
    }
    if (s.type === 'CLOSURE') {
      const erasure = await this.store.liveErasure(s.subjectId);
      if (erasure?.status === 'COMPLETED')
        throw fail('ALREADY_ERASED', 'This subject is already erased: there is no account to close.', {
          requestId: erasure.id,
        });
      // Asked twice: one closure, the first.
      const closure = await this.store.liveClosure(s.subjectId);
      if (closure) throw new ExistingRequest(closure.id);
      if (erasure)
        throw fail('ERASURE_UNDER_WAY', 'An erasure of this subject is under way: closing the account adds nothing.', {
          requestId: erasure.id,
        });
    }
    if (isExport(s.type)) {
      const open = await this.store.liveExport(s.subjectId, s.type);
      if (open) throw exportInProgress(open.id);
    }
    let contact: SubjectContact | null;
    try {
      contact = await this.client.subjectContact(s.subjectId, randomUUID());
    } catch (error) {
      if (error instanceof ContractError && error.code === 'SUBGRAPH_UNAVAILABLE') {
        throw fail(
          'SUBGRAPH_UNAVAILABLE',
          'The profile service did not answer, so the subject could not be checked; nothing was recorded. Try again.',
        );
      }
      throw error;
    }
    if (contact === null) throw fail('NOT_FOUND', 'No subject with this id.');
    if (contact.status === 'ERASED')
      throw fail(
        s.type === 'ERASURE' || s.type === 'CLOSURE' ? 'ALREADY_ERASED' : 'SUBJECT_ERASED',
        'This subject is already erased.',
      );
    return contact;
  }

  /**
   * Every leg asked with dryRun: the receipts the erasure would give, nothing changed, nothing
   * recorded but the audit row.
   */
  async dryRunErasure(
    subjectId: string,
    reason: string | null,
    principal: Principal,
    categories?: string[],
  ): Promise<RequestView> {
    const details = categories ? { categories } : {};
    await this.checkSubject({ type: 'ERASURE', subjectId, details, reason, principal }).catch((error: unknown) => {
      if (error instanceof ExistingRequest) return;
      throw error;
    });
    const id = randomUUID();
    const call: ContractCall = { operation: 'erase', dryRun: true, categories: categories ?? null };
    const legs = await askEveryLeg(DATA_SUBGRAPH_NAMES, (subgraph) => this.client.call(subgraph, subjectId, id, call));
    const now = new Date();
    await this.store.write((tx) =>
      appendAudit(tx, now, [
        {
          requestId: null,
          action: 'ERASURE_DRY_RUN',
          actor: principal.sub,
          detail: { subjectId, legs: auditedLegs(legs) },
        },
      ]),
    );
    const due = dueDate(this.policy, 'ERASURE', now);
    return { ...dryRunView({ id, subjectId, reason, principal, now, due, legs }), categories: categories ?? null };
  }

  async confirmEmail(token: string, principal: Principal, mayAct: (subjectId: string) => boolean): Promise<string> {
    const request = await this.store.requestByConfirmation(sha256(token));
    // Unknown, expired, or someone else's: one answer, so that tokens cannot be probed.
    if (
      !request ||
      !request.awaitingConfirmation ||
      !request.confirmationExpiresAt ||
      request.confirmationExpiresAt < new Date() ||
      !mayAct(request.subjectId) ||
      request.status !== 'RECEIVED'
    ) {
      throw fail('INVALID_TOKEN', 'This confirmation code is not valid (unknown, used, or expired).');
    }
    const now = new Date();
    await this.store.write(async (tx) => {
      await this.store.saveRequest(tx, request.id, {
        awaitingConfirmation: false,
        confirmationHash: null,
        confirmationExpiresAt: null,
        updatedAt: now,
      });
      await appendAudit(tx, now, [
        { requestId: request.id, action: 'EMAIL_CONFIRMED', actor: principal.sub, detail: {} },
      ]);
    });
    await this.fanout.dispatch(request.id);
    return request.id;
  }

  async extend(id: string, months: number, reason: string, principal: Principal): Promise<void> {
    await this.store.write(async (tx) => {
      const request = await this.openRequest(id, tx);
      const extended = extendDeadline(this.policy, request, months);
      if (!extended) {
        throw fail(
          'BAD_USER_INPUT',
          `A deadline may be extended by ${maxExtensionMonths(this.policy)} months at most in all (Art. 12(3)); this request has ${request.extendedMonths} already.`,
          { argumentName: 'months' },
        );
      }
      const now = new Date();
      const { extendedMonths, dueAt } = extended;
      await this.store.saveRequest(tx, id, { extendedMonths, dueAt, extensionReason: reason, updatedAt: now });
      await this.notices.extended(tx, request, reason, months, dueAt, now);
      await appendAudit(tx, now, [
        {
          requestId: id,
          action: 'DEADLINE_EXTENDED',
          actor: principal.sub,
          detail: { months, extendedMonths, dueAt: dueAt.toISOString() },
        },
      ]);
    });
  }

  /** Refusal (Art. 12(4)/(5)): only while nothing of it has been applied anywhere. */
  async reject(id: string, reason: string, principal: Principal): Promise<void> {
    await this.store.write(async (tx) => {
      const request = await this.openRequest(id, tx);
      const legs = await this.store.legsByRequests([id], tx);
      // A package awaiting review has changed nothing anywhere: refusing its release is a rejection.
      if (request.status !== 'AWAITING_REVIEW' && legs.some((l) => l.status === 'DONE')) {
        throw fail('REQUEST_CLOSED', 'Part of this request is already applied: it can no longer be rejected.');
      }
      const now = new Date();
      for (const leg of legs)
        await this.store.saveLeg(tx, id, leg.subgraph, { status: 'CANCELLED', claimedUntil: null, updatedAt: now });
      await this.store.saveRequest(tx, id, {
        status: 'REJECTED',
        rejectionReason: reason,
        liveErasure: null,
        awaitingConfirmation: false,
        confirmationHash: null,
        details: JSON.stringify(redactDetails(parseDetails(request.details))),
        completedAt: now,
        notifyEmail: null,
        liveExport: null,
        // A package refused at review is never served; the next sweep removes its file.
        ...(request.status === 'AWAITING_REVIEW' ? { packageExpiresAt: now } : {}),
        updatedAt: now,
      });
      await this.notices.rejected(tx, request, reason, now);
      await appendAudit(tx, now, [{ requestId: id, action: 'REJECTED', actor: principal.sub, detail: {} }]);
    });
  }

  /** A dpo releases a reviewed package: the request completes and its subject is told (V8). */
  async approveExport(id: string, principal: Principal): Promise<void> {
    await this.store.write(async (tx) => {
      const request = await this.store.request(id, tx);
      if (!request) throw fail('NOT_FOUND', 'No request with this id.');
      if (request.status !== 'AWAITING_REVIEW')
        throw fail('REQUEST_CLOSED', `Only a request AWAITING_REVIEW can be approved; this one is ${request.status}.`);
      const now = new Date();
      const released = await this.fanout.releasePackage(tx, request, now);
      await this.store.saveRequest(tx, id, { ...released, status: 'COMPLETED', completedAt: now, updatedAt: now });
      await appendAudit(tx, now, [
        { requestId: id, action: 'EXPORT_APPROVED', actor: principal.sub, detail: {} },
        { requestId: id, action: 'REQUEST_COMPLETED', actor: principal.sub, detail: {} },
      ]);
    });
  }

  async retry(id: string, principal: Principal): Promise<void> {
    await this.store.write(async (tx) => {
      const request = await this.store.request(id, tx);
      if (!request) throw fail('NOT_FOUND', 'No request with this id.');
      if (request.status !== 'FAILED')
        throw fail('REQUEST_CLOSED', `Only a FAILED request can be retried; this one is ${request.status}.`);
      const now = new Date();
      const legs = await this.store.legsByRequests([id], tx);
      const failed = legs.filter((l) => l.status === 'FAILED');
      for (const leg of failed)
        await this.store.saveLeg(tx, id, leg.subgraph, {
          status: 'PENDING',
          attempts: 0,
          nextAttemptAt: now,
          claimedUntil: null,
          updatedAt: now,
        });
      await this.store.saveRequest(tx, id, { status: 'IN_PROGRESS', updatedAt: now });
      await appendAudit(tx, now, [
        { requestId: id, action: 'RETRIED', actor: principal.sub, detail: { legs: failed.map((l) => l.subgraph) } },
      ]);
    });
    await this.fanout.dispatch(id);
  }

  private async openRequest(
    id: string,
    tx: Parameters<Parameters<LedgerStore['write']>[0]>[0],
  ): Promise<RightsRequestEntity> {
    const request = await this.store.request(id, tx);
    if (!request) throw fail('NOT_FOUND', 'No request with this id.');
    if (!OPEN_STATUSES.includes(request.status))
      throw fail('REQUEST_CLOSED', `This request is ${request.status}: it can no longer change.`);
    return request;
  }
}

/** An erasure (a closure) of this subject is already in the ledger: the caller gets that one (one effect). */
export class ExistingRequest extends Error {
  constructor(readonly requestId: string) {
    super('an erasure of this subject is already recorded');
  }
}

function exportInProgress(requestId: string) {
  return fail(
    'EXPORT_IN_PROGRESS',
    'An export of this kind is already in progress for this subject: it is this request; its package will be announced when ready.',
    { requestId },
  );
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
