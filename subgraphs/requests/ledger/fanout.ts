import type { EntityManager } from 'typeorm';
import type { DataSubgraphName } from '../../../common/config';
import { appendAudit, type AuditEntry } from './audit.store';
import { ContractError, type ContractClient } from './contract.client';
import type { RequestLegEntity } from './entities/request-leg.entity';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import type { FanoutSettings } from './ledger.settings';
import type { LedgerStore } from './ledger.store';
import type { HoldsStore } from '../holds/holds.store';
import { isExport, legWaves, statusFromLegs, waitsForHolds, waitsForProfile } from './legs';
import type { PackageBuilder } from '../access-package/package.builder';
import { packageLink } from '../access-package/package.settings';
import { addDuration } from '../../../common/duration';
import type { Notices } from '../mail/notices';
import { contractCall, parseDetails, redactDetails, type LegCall } from './request-details';
import { OPEN_STATUSES, type LegStatus } from './request.enums';
import { nextAttemptAt } from './retry';
import { WaitReason } from './waiting';
import { errorMessage } from '../../../common/errors';
import type { PrivacyReceipt } from '../../../common/privacy-contract/receipt';
import type { RetentionReceipt } from '../../../common/privacy-contract/retention.receipt';

/**
 * A leg the `requests` service does itself rather than through a data subgraph's contract: its
 * own part of a retention sweep (the ledger, the access log, the outbox, the audit log).
 */
export type LocalLeg = (runId: string, asOf: Date, dryRun: boolean) => Promise<RetentionReceipt>;
export const LOCAL_SUBGRAPH = 'requests';

const WORKER = 'worker';
/**
 * Windows one pass takes at most: a window's legs are done or rescheduled when it ends, so the
 * next window is new work; the bound keeps a pass finite should a race hand a leg back.
 */
const MAX_WINDOWS_PER_PASS = 50;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Drives requests through their legs. A leg is claimed (an UPDATE that only one caller wins),
 * called, and its outcome written with an audit row in one transaction; a failure leaves it
 * PENDING with the next attempt scheduled, so the worker (this process, or the next one after
 * a restart) carries on. The contract is idempotent on the request id: a leg whose answer was
 * lost in a crash is simply asked again and answers with the same receipt.
 */
export class Fanout {
  private readonly running = new Set<Promise<void>>();
  /** Attempts under way in this process, by leg: whoever asks for a leg already running waits for that run. */
  private readonly legRuns = new Map<string, Promise<void>>();
  /**
   * Told of each request this fan-out completes, after its transaction: what a completed request
   * schedules (a closure's erasure, lifecycle.service.ts). Its failure is logged; the daily sweep
   * schedules what it missed.
   */
  onCompleted: ((request: RightsRequestEntity) => Promise<void>) | null = null;

  constructor(
    private readonly store: LedgerStore,
    private readonly client: ContractClient,
    readonly settings: FanoutSettings,
    private readonly notices: Notices,
    private readonly local?: LocalLeg,
    private readonly holds?: HoldsStore,
    private readonly packages?: PackageBuilder,
  ) {}

  /** Runs what can run of a request now, and returns when done or after `waitMs`, whichever first. */
  async dispatch(requestId: string, waitMs = this.settings.syncWaitMs): Promise<void> {
    const work = this.track(this.runRequest(requestId));
    await Promise.race([work, sleep(waitMs)]);
  }

  /**
   * One pass of the worker: the legs that can run now, a window at a time. `dueLegs` leaves out
   * every leg that must wait (a code, an earlier leg, a hold), so a window is all work; a full one
   * is followed at once by the next, up to MAX_WINDOWS_PER_PASS before the loop's interval.
   */
  async tick(window = this.settings.workerWindow): Promise<void> {
    for (let i = 0; i < MAX_WINDOWS_PER_PASS; i++) {
      const due = await this.store.dueLegs(new Date(), window);
      await Promise.all(due.map((leg) => this.track(this.runLeg(leg.requestId, leg.subgraph as DataSubgraphName))));
      if (due.length < window) return;
    }
  }

  /** Waits for the attempts under way (their outcome is written before the pools close). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private track(work: Promise<void>): Promise<void> {
    const tracked = work.catch((error: unknown) => {
      process.stderr.write(`[fanout] ${errorMessage(error)}\n`);
    });
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
    return tracked;
  }

  private async runRequest(requestId: string): Promise<void> {
    const request = await this.store.request(requestId);
    if (!request) return;
    const legs = (await this.store.legsByRequests([requestId]))
      .filter((l) => l.status === 'PENDING')
      .map((l) => l.subgraph as DataSubgraphName);
    for (const wave of legWaves(request.type, legs)) await Promise.all(wave.map((s) => this.runLeg(requestId, s)));
  }

  /**
   * One attempt at a leg. If the worker is already trying it, the mutation's dispatch waits for
   * that attempt instead of returning early (and answering IN_PROGRESS while it completes).
   */
  private runLeg(requestId: string, subgraph: DataSubgraphName): Promise<void> {
    const key = `${requestId}/${subgraph}`;
    let run = this.legRuns.get(key);
    if (!run) {
      run = this.attemptLeg(requestId, subgraph).finally(() => this.legRuns.delete(key));
      this.legRuns.set(key, run);
    }
    return run;
  }

  private async attemptLeg(requestId: string, subgraph: DataSubgraphName): Promise<void> {
    const now = new Date();
    const claimed = await this.store.write(async (tx) => {
      const request = await this.store.request(requestId, tx);
      if (!request || !OPEN_STATUSES.includes(request.status) || request.awaitingConfirmation) return null;
      if (waitsForProfile(request.type, subgraph)) {
        const profile = (await this.store.legsByRequests([requestId], tx)).find((l) => l.subgraph === 'profile');
        if (profile?.status !== 'DONE') return null;
      }
      // A hold placed before an erasure or a sweep is in force before either deletes (decision 81).
      if (waitsForHolds(request.type) && this.holds) {
        const forSubject = request.type === 'RETENTION' ? null : request.subjectId;
        if (await this.holds.holdPending(tx, subgraph, forSubject)) return null;
      }
      const leaseUntil = new Date(now.getTime() + this.settings.callTimeoutMs + 5000);
      if (!(await this.store.claimLeg(tx, requestId, subgraph, now, leaseUntil))) return null;
      if (request.status === 'RECEIVED')
        await this.store.saveRequest(tx, requestId, { status: 'IN_PROGRESS', updatedAt: now });
      return request;
    });
    if (!claimed) return;
    try {
      const receipt = await this.callLeg(
        subgraph,
        claimed.subjectId,
        requestId,
        contractCall(claimed.type, parseDetails(claimed.details)),
      );
      const completed = await this.record(requestId, subgraph, {
        ok: true,
        receipt: JSON.stringify(receipt),
        outcome: receipt.outcome,
      });
      if (completed && this.onCompleted)
        await this.onCompleted(completed).catch((error: unknown) => {
          process.stderr.write(`[fanout] after ${requestId} completed: ${errorMessage(error)}\n`);
        });
    } catch (error) {
      const failure =
        error instanceof ContractError
          ? error
          : new ContractError('the call failed unexpectedly', true, 'INTERNAL_SERVER_ERROR');
      if (!(error instanceof ContractError))
        process.stderr.write(`[fanout] ${subgraph} leg of ${requestId}: ${errorMessage(error)}\n`);
      await this.record(requestId, subgraph, { ok: false, error: failure });
    }
  }

  /** A sweep's legs call `privacyRetain` (its `requests` leg runs here); everything else is a contract call. */
  private callLeg(
    subgraph: DataSubgraphName,
    subjectId: string,
    requestId: string,
    call: LegCall,
  ): Promise<PrivacyReceipt | RetentionReceipt> {
    if (call.operation === 'package') {
      if (!this.packages)
        throw new ContractError('this service cannot build access packages', false, 'INTERNAL_SERVER_ERROR');
      return this.packages.build(requestId, subjectId, call.portable, new Date());
    }
    if (call.operation !== 'retain') return this.client.call(subgraph, subjectId, requestId, call);
    if ((subgraph as string) === LOCAL_SUBGRAPH) {
      if (!this.local)
        throw new ContractError('this service cannot sweep its own records', false, 'INTERNAL_SERVER_ERROR');
      return this.local(requestId, call.asOf, call.dryRun);
    }
    return this.client.retain(subgraph, requestId, call.asOf, call.dryRun);
  }

  /**
   * A leg's outcome, its audit row and the request's resulting status, in one transaction.
   * Returns the request when this outcome completed it.
   */
  private record(
    requestId: string,
    subgraph: string,
    result: { ok: true; receipt: string; outcome: string } | { ok: false; error: ContractError },
  ): Promise<RightsRequestEntity | null> {
    return this.store.write(async (tx) => {
      const now = new Date();
      const legs = await this.store.legsByRequests([requestId], tx);
      const leg = legs.find((l) => l.subgraph === subgraph);
      if (!leg || leg.status !== 'PENDING') return null;
      let changes: Partial<RequestLegEntity>;
      let audit: AuditEntry;
      if (result.ok) {
        changes = { status: 'DONE', receipt: result.receipt, lastError: null, claimedUntil: null, updatedAt: now };
        audit = {
          requestId,
          action: 'LEG_DONE',
          actor: WORKER,
          detail: { subgraph, attempts: leg.attempts, outcome: result.outcome },
        };
      } else {
        const next = nextAttemptAt(this.settings, leg.attempts, result.error.retry, now);
        const status: LegStatus = next ? 'PENDING' : 'FAILED';
        changes = {
          status,
          lastError: result.error.message.slice(0, 300),
          nextAttemptAt: next ?? now,
          claimedUntil: null,
          updatedAt: now,
        };
        audit = {
          requestId,
          action: next ? 'LEG_RETRY_SCHEDULED' : 'LEG_FAILED',
          actor: WORKER,
          detail: {
            subgraph,
            attempts: leg.attempts,
            code: result.error.code,
            ...(next
              ? { waitingFor: WaitReason.RETRY_SCHEDULED, nextAttemptAt: next.toISOString() }
              : { waitingFor: WaitReason.DPO_DECISION }),
          },
        };
      }
      await this.store.saveLeg(tx, requestId, subgraph, changes);
      Object.assign(leg, changes);
      const settled = await this.settle(tx, requestId, legs, now);
      await appendAudit(tx, now, [audit, ...settled]);
      return settled.some((a) => a.action === 'REQUEST_COMPLETED') ? this.store.request(requestId, tx) : null;
    });
  }

  /**
   * An export's package released to its subject: served from now for PACKAGE_TTL_DAYS, and the
   * subject told where. The caller writes the returned changes (and COMPLETED) in `tx`.
   */
  async releasePackage(
    tx: EntityManager,
    request: RightsRequestEntity,
    now: Date,
  ): Promise<Partial<RightsRequestEntity>> {
    if (!this.packages) throw new Error('this service cannot build access packages');
    const expiresAt = addDuration(now, `P${this.packages.settings.ttlDays}D`);
    const link = packageLink(this.packages.settings, request.id);
    await this.notices.packageReady(tx, request, link, expiresAt, now);
    // The subject may ask again once this one is done.
    return { packageExpiresAt: expiresAt, liveExport: null, notifyEmail: null };
  }

  /**
   * Writes the request's status from its legs (statusFromLegs, legs.ts). Returns the audit rows
   * of a change that closes or fails it.
   */
  private async settle(
    tx: EntityManager,
    requestId: string,
    legs: readonly RequestLegEntity[],
    now: Date,
  ): Promise<AuditEntry[]> {
    const request = await this.store.request(requestId, tx);
    if (!request || !OPEN_STATUSES.includes(request.status)) return [];
    let status = statusFromLegs(legs, request.status);
    // A package the policy wants reviewed waits for a dpo; the subject hears of it once approved.
    if (status === 'COMPLETED' && isExport(request.type) && this.packages?.reviewFirst) status = 'AWAITING_REVIEW';
    if (status === request.status) return [];
    if (status === 'AWAITING_REVIEW') {
      await this.store.saveRequest(tx, requestId, { status, updatedAt: now });
      return [
        { requestId, action: 'REQUEST_AWAITING_REVIEW', actor: WORKER, detail: { waitingFor: WaitReason.DPO_REVIEW } },
      ];
    }
    const changes: Partial<RightsRequestEntity> = { status, updatedAt: now };
    if (status === 'COMPLETED') {
      const details = parseDetails(request.details);
      changes.completedAt = now;
      changes.details = JSON.stringify(redactDetails(details));
      if (isExport(request.type)) {
        Object.assign(changes, await this.releasePackage(tx, request, now));
      } else {
        // The outcome, to the address captured at receipt (or the new one, now confirmed and applied).
        await this.notices.completed(tx, request, legs, details.changes?.email, now);
      }
      changes.notifyEmail = null;
    }
    await this.store.saveRequest(tx, requestId, changes);
    return status === 'COMPLETED' || status === 'FAILED'
      ? [
          {
            requestId,
            action: `REQUEST_${status}`,
            actor: WORKER,
            detail: {
              legs: Object.fromEntries(legs.map((l) => [l.subgraph, l.status])),
              ...(status === 'FAILED' ? { waitingFor: WaitReason.DPO_DECISION } : {}),
            },
          },
        ]
      : [];
  }
}
