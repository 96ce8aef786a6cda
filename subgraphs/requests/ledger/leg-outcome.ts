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

/** What one attempt at a leg gave: the subgraph's receipt, or the error it failed with. */
export type LegResult = { subgraph: string; receipt: LegReceipt } | { subgraph: string; error: ContractError };

/** A leg's row and audit row as one result leaves them. */
interface Written {
  subgraph: string;
  status: LegStatus;
  attempts: number;
  code?: string;
}

/**
 * The outcomes of the legs of one request attempted together, written with their audit rows and
 * the request's resulting status in one transaction (one commit, one append to the audit chain,
 * however many legs); the listeners (registry.ts) hear of a request that settles in that
 * transaction, and of a completed one once it committed. A leg no longer pending (another
 * attempt wrote it first) is left as it is.
 */
export class LegOutcomes {
  constructor(
    private readonly store: LedgerStore,
    private readonly types: RequestTypes,
    private readonly settings: FanoutSettings,
  ) {}

  async record(requestId: string, results: readonly LegResult[]): Promise<void> {
    const { completed, written } = await this.store.write(async (tx) => {
      const request = await this.store.lockedRequest(tx, requestId);
      const now = new Date();
      const legs = await this.store.legsByRequests([requestId], tx);
      const audit: AuditEntry[] = [];
      const done: Written[] = [];
      const saved: Array<{ subgraph: string; changes: Partial<RequestLegEntity> }> = [];
      for (const result of results) {
        const leg = legs.find((l) => l.subgraph === result.subgraph);
        if (!leg || leg.status !== 'PENDING') continue;
        const outcome =
          'receipt' in result ? legDone(leg, result.receipt, now) : this.legFailed(leg, result.error, now);
        saved.push({ subgraph: leg.subgraph, changes: outcome.changes });
        Object.assign(leg, outcome.changes);
        audit.push(outcome.audit);
        done.push({ subgraph: leg.subgraph, status: leg.status, attempts: leg.attempts, code: outcome.code });
      }
      if (done.length === 0) return { completed: null, written: done };
      await this.store.saveLegs(tx, requestId, saved);
      const settled = request ? await this.settle(tx, request, legs, now) : { audit: [], completed: null };
      // The audit rows last: the chain's head is locked only for the append and the commit.
      await appendAudit(tx, now, [...audit, ...settled.audit]);
      return { completed: settled.completed, written: done };
    });
    written.forEach((w, i) => logWritten(w, completed !== null && i === written.length - 1));
    if (!completed) return;
    for (const listener of this.types.listeners)
      await listener.settled?.(completed).catch((error: unknown) => {
        log().error({ requestId }, `[fanout] after completion: ${errorMessage(error)}`);
      });
  }

  private legFailed(leg: RequestLegEntity, error: ContractError, now: Date): LegChange {
    const next = nextAttemptAt(this.settings, leg.attempts, error.retry, now);
    const status: LegStatus = next ? 'PENDING' : 'FAILED';
    return {
      code: error.code,
      changes: {
        status,
        lastError: error.message.slice(0, 300),
        nextAttemptAt: next ?? now,
        claimedUntil: null,
        updatedAt: now,
      },
      audit: {
        requestId: leg.requestId,
        action: next ? 'LEG_RETRY_SCHEDULED' : 'LEG_FAILED',
        actor: WORKER,
        detail: {
          subgraph: leg.subgraph,
          attempts: leg.attempts,
          code: error.code,
          ...(next
            ? { waitingFor: WaitReason.RETRY_SCHEDULED, nextAttemptAt: next.toISOString() }
            : { waitingFor: WaitReason.DPO_DECISION }),
        },
      },
    };
  }

  /**
   * Writes the request's status from its legs (statusFromLegs, legs.ts), as the listeners leave
   * it (a package held for review). Returns the audit rows of the change, and the request as it
   * now stands if it completed (the row read under the lock with the changes written to it).
   */
  private async settle(
    tx: EntityManager,
    request: RightsRequestEntity,
    legs: readonly RequestLegEntity[],
    now: Date,
  ): Promise<{ audit: AuditEntry[]; completed: RightsRequestEntity | null }> {
    const requestId = request.id;
    const unchanged = { audit: [], completed: null };
    if (!OPEN_STATUSES.includes(request.status)) return unchanged;
    const computed = statusFromLegs(legs, request.status);
    if (computed === request.status) return unchanged;
    const outcome: Required<Settling> = { status: computed, changes: {}, audit: [] };
    for (const listener of this.types.listeners) {
      const heard = await listener.settling?.(tx, request, legs, outcome.status, now);
      if (!heard) continue;
      outcome.status = heard.status ?? outcome.status;
      Object.assign(outcome.changes, heard.changes);
      outcome.audit.push(...(heard.audit ?? []));
    }
    const { status } = outcome;
    if (status === request.status) return { audit: outcome.audit, completed: null };
    const changes: Partial<RightsRequestEntity> = { status, updatedAt: now, ...outcome.changes };
    if (status === 'COMPLETED') {
      changes.completedAt = now;
      changes.details = JSON.stringify(redactDetails(parseDetails(request.details)));
      // The address is needed only until the last message is written, in this transaction.
      changes.notifyEmail = null;
    }
    await this.store.saveRequest(tx, requestId, changes);
    if (status !== 'COMPLETED' && status !== 'FAILED') return { audit: outcome.audit, completed: null };
    const detail = {
      legs: Object.fromEntries(legs.map((l) => [l.subgraph, l.status])),
      ...(status === 'FAILED' ? { waitingFor: WaitReason.DPO_DECISION } : {}),
    };
    return {
      audit: [...outcome.audit, { requestId, action: `REQUEST_${status}`, actor: WORKER, detail }],
      completed: status === 'COMPLETED' ? asWritten(request, changes) : null,
    };
  }
}

/** The row as an UPDATE of these changes leaves it (TypeORM's `update` skips an undefined value). */
function asWritten(request: RightsRequestEntity, changes: Partial<RightsRequestEntity>): RightsRequestEntity {
  const written = Object.entries(changes).filter(([, value]) => value !== undefined);
  return { ...request, ...(Object.fromEntries(written) as Partial<RightsRequestEntity>) };
}

interface LegChange {
  changes: Partial<RequestLegEntity>;
  audit: AuditEntry;
  code?: string;
}

function legDone(leg: RequestLegEntity, receipt: LegReceipt, now: Date): LegChange {
  return {
    changes: { status: 'DONE', receipt: JSON.stringify(receipt), lastError: null, claimedUntil: null, updatedAt: now },
    audit: {
      requestId: leg.requestId,
      action: 'LEG_DONE',
      actor: WORKER,
      detail: { subgraph: leg.subgraph, attempts: leg.attempts, outcome: receipt.outcome },
    },
  };
}

/** Said once the outcome committed (a transaction run again after a deadlock logs nothing twice). */
function logWritten(w: Written, completedRequest: boolean): void {
  if (w.status === 'DONE') {
    legAttempts.inc({ subgraph: w.subgraph, outcome: 'done' });
    log().info({ subgraph: w.subgraph }, completedRequest ? 'leg done, request completed' : 'leg done');
    return;
  }
  const retry = w.status === 'PENDING';
  legAttempts.inc({ subgraph: w.subgraph, outcome: retry ? 'retry' : 'failed' });
  log().warn(
    { subgraph: w.subgraph, code: w.code, attempts: w.attempts },
    retry ? 'leg failed, retry scheduled' : 'leg failed',
  );
}
