import type { EntityManager } from 'typeorm';
import { errorMessage } from '../../../common/errors';
import { appendAudit, type AuditEntry } from './audit.store';
import type { ContractError } from './contract.client';
import type { RequestLegEntity } from './entities/request-leg.entity';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import type { FanoutSettings } from './ledger.settings';
import type { LedgerStore } from './ledger.store';
import { statusFromLegs } from './legs';
import type { LegReceipt, RequestTypes, Settling } from './registry';
import { parseDetails, redactDetails } from './request-details';
import { OPEN_STATUSES, type LegStatus } from './request.enums';
import { nextAttemptAt } from './retry';
import { WaitReason } from './waiting';
import { log } from '../../../common/log';
import { legAttempts } from '../../../common/metrics';

const WORKER = 'worker';

/**
 * A leg's outcome written with its audit row and the request's resulting status, in one
 * transaction; the listeners (registry.ts) hear of a request that settles in that transaction,
 * and of a completed one once it committed.
 */
export class LegOutcomes {
  constructor(
    private readonly store: LedgerStore,
    private readonly types: RequestTypes,
    private readonly settings: FanoutSettings,
  ) {}

  async done(requestId: string, subgraph: string, receipt: LegReceipt): Promise<void> {
    const completed = await this.record(requestId, subgraph, (leg, now) => ({
      changes: {
        status: 'DONE',
        receipt: JSON.stringify(receipt),
        lastError: null,
        claimedUntil: null,
        updatedAt: now,
      },
      audit: {
        requestId,
        action: 'LEG_DONE',
        actor: WORKER,
        detail: { subgraph, attempts: leg.attempts, outcome: receipt.outcome },
      },
    }));
    legAttempts.inc({ subgraph, outcome: 'done' });
    log().info({ subgraph }, completed ? 'leg done, request completed' : 'leg done');
    if (!completed) return;
    for (const listener of this.types.listeners)
      await listener.settled?.(completed).catch((error: unknown) => {
        log().error({ requestId }, `[fanout] after completion: ${errorMessage(error)}`);
      });
  }

  async failed(requestId: string, subgraph: string, error: ContractError): Promise<void> {
    await this.record(requestId, subgraph, (leg, now) => {
      const next = nextAttemptAt(this.settings, leg.attempts, error.retry, now);
      const status: LegStatus = next ? 'PENDING' : 'FAILED';
      legAttempts.inc({ subgraph, outcome: next ? 'retry' : 'failed' });
      log().warn(
        { subgraph, code: error.code, attempts: leg.attempts },
        next ? 'leg failed, retry scheduled' : 'leg failed',
      );
      return {
        changes: {
          status,
          lastError: error.message.slice(0, 300),
          nextAttemptAt: next ?? now,
          claimedUntil: null,
          updatedAt: now,
        },
        audit: {
          requestId,
          action: next ? 'LEG_RETRY_SCHEDULED' : 'LEG_FAILED',
          actor: WORKER,
          detail: {
            subgraph,
            attempts: leg.attempts,
            code: error.code,
            ...(next
              ? { waitingFor: WaitReason.RETRY_SCHEDULED, nextAttemptAt: next.toISOString() }
              : { waitingFor: WaitReason.DPO_DECISION }),
          },
        },
      };
    });
  }

  /** Returns the request when this outcome completed it. */
  private record(
    requestId: string,
    subgraph: string,
    outcome: (leg: RequestLegEntity, now: Date) => { changes: Partial<RequestLegEntity>; audit: AuditEntry },
  ): Promise<RightsRequestEntity | null> {
    return this.store.write(async (tx) => {
      await this.store.lockRequest(tx, requestId);
      const now = new Date();
      const legs = await this.store.legsByRequests([requestId], tx);
      const leg = legs.find((l) => l.subgraph === subgraph);
      if (!leg || leg.status !== 'PENDING') return null;
      const { changes, audit } = outcome(leg, now);
      await this.store.saveLeg(tx, requestId, subgraph, changes);
      Object.assign(leg, changes);
      const settled = await this.settle(tx, requestId, legs, now);
      await appendAudit(tx, now, [audit, ...settled]);
      return settled.some((a) => a.action === 'REQUEST_COMPLETED') ? this.store.request(requestId, tx) : null;
    });
  }

  /**
   * Writes the request's status from its legs (statusFromLegs, legs.ts), as the listeners leave
   * it (a package held for review). Returns the audit rows of the change.
   */
  private async settle(
    tx: EntityManager,
    requestId: string,
    legs: readonly RequestLegEntity[],
    now: Date,
  ): Promise<AuditEntry[]> {
    const request = await this.store.request(requestId, tx);
    if (!request || !OPEN_STATUSES.includes(request.status)) return [];
    const computed = statusFromLegs(legs, request.status);
    if (computed === request.status) return [];
    const outcome: Required<Settling> = { status: computed, changes: {}, audit: [] };
    for (const listener of this.types.listeners) {
      const heard = await listener.settling?.(tx, request, legs, outcome.status, now);
      if (!heard) continue;
      outcome.status = heard.status ?? outcome.status;
      Object.assign(outcome.changes, heard.changes);
      outcome.audit.push(...(heard.audit ?? []));
    }
    const { status } = outcome;
    if (status === request.status) return outcome.audit;
    const changes: Partial<RightsRequestEntity> = { status, updatedAt: now, ...outcome.changes };
    if (status === 'COMPLETED') {
      changes.completedAt = now;
      changes.details = JSON.stringify(redactDetails(parseDetails(request.details)));
      // The address is needed only until the last message is written, in this transaction.
      changes.notifyEmail = null;
    }
    await this.store.saveRequest(tx, requestId, changes);
    if (status !== 'COMPLETED' && status !== 'FAILED') return outcome.audit;
    const detail = {
      legs: Object.fromEntries(legs.map((l) => [l.subgraph, l.status])),
      ...(status === 'FAILED' ? { waitingFor: WaitReason.DPO_DECISION } : {}),
    };
    return [...outcome.audit, { requestId, action: `REQUEST_${status}`, actor: WORKER, detail }];
  }
}
