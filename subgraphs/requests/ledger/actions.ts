import type { EntityManager } from 'typeorm';
import type { Principal } from '../../../common/access';
import { fail } from '../../../common/errors';
import type { PrivacyPolicy } from '../../../policies';
import { appendAudit } from './audit.store';
import { extendDeadline, maxExtensionMonths } from './deadlines';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import type { Ledger } from './ledger';
import { parseDetails, redactDetails } from './request-details';
import { OPEN_STATUSES } from './request.enums';

/**
 * What a dpo does to any request, whatever its type: extend its deadline with a reason, reject
 * it while nothing of it is applied, retry its failed legs. Each is one transaction with its
 * audit row and what the listeners write (the subject's message).
 */
export class RequestActions {
  constructor(
    private readonly ledger: Ledger,
    private readonly policy: PrivacyPolicy,
  ) {}

  async extend(id: string, months: number, reason: string, principal: Principal): Promise<void> {
    const { store, types } = this.ledger;
    await store.write(async (tx) => {
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
      await store.saveRequest(tx, id, { extendedMonths, dueAt, extensionReason: reason, updatedAt: now });
      for (const l of types.listeners) await l.extended?.(tx, request, { reason, months, dueAt }, now);
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
    const { store, types } = this.ledger;
    await store.write(async (tx) => {
      const request = await this.openRequest(id, tx);
      const legs = await store.legsByRequests([id], tx);
      // A package awaiting review has changed nothing anywhere: refusing its release is a rejection.
      if (request.status !== 'AWAITING_REVIEW' && legs.some((l) => l.status === 'DONE'))
        throw fail('REQUEST_CLOSED', 'Part of this request is already applied: it can no longer be rejected.');
      const now = new Date();
      for (const leg of legs)
        await store.saveLeg(tx, id, leg.subgraph, { status: 'CANCELLED', claimedUntil: null, updatedAt: now });
      await store.saveRequest(tx, id, {
        status: 'REJECTED',
        rejectionReason: reason,
        liveKind: null,
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
      for (const l of types.listeners) await l.rejected?.(tx, request, reason, now);
      await appendAudit(tx, now, [{ requestId: id, action: 'REJECTED', actor: principal.sub, detail: {} }]);
    });
  }

  async retry(id: string, principal: Principal): Promise<void> {
    const { store } = this.ledger;
    await store.write(async (tx) => {
      const request = await store.request(id, tx);
      if (!request) throw fail('NOT_FOUND', 'No request with this id.');
      if (request.status !== 'FAILED')
        throw fail('REQUEST_CLOSED', `Only a FAILED request can be retried; this one is ${request.status}.`);
      const now = new Date();
      const failed = (await store.legsByRequests([id], tx)).filter((l) => l.status === 'FAILED');
      for (const leg of failed)
        await store.saveLeg(tx, id, leg.subgraph, {
          status: 'PENDING',
          attempts: 0,
          nextAttemptAt: now,
          claimedUntil: null,
          updatedAt: now,
        });
      await store.saveRequest(tx, id, { status: 'IN_PROGRESS', updatedAt: now });
      await appendAudit(tx, now, [
        { requestId: id, action: 'RETRIED', actor: principal.sub, detail: { legs: failed.map((l) => l.subgraph) } },
      ]);
    });
    await this.ledger.fanout.dispatch(id);
  }

  private async openRequest(id: string, tx: EntityManager): Promise<RightsRequestEntity> {
    const request = await this.ledger.store.request(id, tx);
    if (!request) throw fail('NOT_FOUND', 'No request with this id.');
    if (!OPEN_STATUSES.includes(request.status))
      throw fail('REQUEST_CLOSED', `This request is ${request.status}: it can no longer change.`);
    return request;
  }
}
