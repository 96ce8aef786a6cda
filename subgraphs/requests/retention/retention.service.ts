import { randomUUID } from 'node:crypto';
import { DATA_SUBGRAPH_NAMES } from '../../../common/config';
import { dateIn } from '../../../common/calendar-date';
import { appendAudit } from '../ledger/audit.store';
import type { ContractClient } from '../ledger/contract.client';
import { askEveryLeg, auditedLegs } from '../ledger/dry-run';
import type { RequestLegEntity } from '../ledger/entities/request-leg.entity';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { LOCAL_SUBGRAPH, type Fanout, type LocalLeg } from '../ledger/fanout';
import type { LedgerStore } from '../ledger/ledger.store';
import { dueSweepDate } from './retention.schedule';
import type { RetentionSettings } from './retention.settings';
import { type RetentionLedgerStore, RUN_KEY_PREFIX } from './retention.store';
import type { RequestView } from '../ledger/request.view';
import type { LifecyclePass } from '../lifecycle/lifecycle.service';

/** A sweep concerns no subject: its `subjectId` is the nil UUID. */
export const NO_SUBJECT = '00000000-0000-0000-0000-000000000000';
/** Every data subgraph's contract, then this service's own records. */
export const SWEEP_LEGS = [...DATA_SUBGRAPH_NAMES, LOCAL_SUBGRAPH] as const;
/** Who submits a scheduled sweep, in the ledger and the audit log. */
export const SCHEDULE_ACTOR = 'retention-schedule';

const asOfInstant = (date: string): Date => new Date(`${date}T00:00:00Z`);

/**
 * The retention sweep as a ledger request (type RETENTION, one leg per subgraph and one for
 * this service's own records): recorded before anyone is called, retried by the worker like any
 * leg, audited. A dry run asks every leg with dryRun and records only its audit row.
 */
export class RetentionService {
  private readonly runsStore: RetentionLedgerStore;
  /**
   * What the account's life schedules as of the sweep's day (lifecycle.service.ts), run before
   * the sweep is recorded: the requests it submits are in its audit row.
   */
  beforeSweep: ((asOf: string) => Promise<LifecyclePass>) | null = null;

  constructor(
    private readonly store: LedgerStore,
    private readonly fanout: Fanout,
    private readonly client: ContractClient,
    private readonly local: LocalLeg,
    readonly settings: RetentionSettings,
    runsStore: RetentionLedgerStore,
  ) {
    this.runsStore = runsStore;
  }

  /** Today, in the configured time zone (YYYY-MM-DD). */
  today(now = new Date()): string {
    return dateIn(this.settings.timeZone, now);
  }

  runs(limit: number): Promise<RightsRequestEntity[]> {
    return this.runsStore.runs(limit);
  }

  /**
   * Records a sweep as of `asOf` (YYYY-MM-DD) and starts it. With a run key (a scheduled day),
   * the unique index lets one replica in: the other gets null and does nothing.
   */
  async start(asOf: string, actor: string, runKey: string | null, wait = true): Promise<string | null> {
    const scheduled = this.beforeSweep ? await this.beforeSweep(asOf) : null;
    const now = new Date();
    const id = randomUUID();
    const request: RightsRequestEntity = {
      id,
      type: 'RETENTION',
      subjectId: NO_SUBJECT,
      status: 'RECEIVED',
      details: JSON.stringify({ asOf }),
      reason: null,
      submittedBy: actor,
      receivedAt: now,
      // Due by the next day's sweep.
      initialDueAt: new Date(now.getTime() + 86_400_000),
      dueAt: new Date(now.getTime() + 86_400_000),
      extendedMonths: 0,
      extensionReason: null,
      completedAt: null,
      rejectionReason: null,
      awaitingConfirmation: false,
      confirmationHash: null,
      confirmationExpiresAt: null,
      liveErasure: null,
      // A sweep has no subject to write to.
      notifyEmail: null,
      notifyLanguage: null,
      updatedAt: now,
      runKey,
    };
    const legs: RequestLegEntity[] = SWEEP_LEGS.map((subgraph) => ({
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
        await appendAudit(tx, now, [
          {
            requestId: id,
            action: 'RECEIVED',
            actor,
            detail: {
              type: 'RETENTION',
              asOf,
              scheduled: runKey !== null,
              ...(scheduled ? lifecycleDetail(scheduled) : {}),
            },
          },
        ]);
      });
    } catch (error) {
      // Another replica claimed this day first: its sweep is the day's.
      if (runKey && (await this.runsStore.byRunKey(runKey))) return null;
      throw error;
    }
    if (wait) await this.fanout.dispatch(id);
    else void this.fanout.dispatch(id, 0);
    return id;
  }

  /** The scheduled sweep, if one is due now (retention.schedule.ts): claimed by its day's key. */
  async scheduledTick(now: Date, startedAt: Date): Promise<string | null> {
    const due = dueSweepDate(now, this.settings, await this.runsStore.lastScheduledDate(), startedAt);
    if (!due) return null;
    return this.start(due, SCHEDULE_ACTOR, `${RUN_KEY_PREFIX}${due}`, false);
  }

  /** Every leg asked with dryRun: what a sweep as of `asOf` would do; nothing changes but an audit row. */
  async dryRun(asOf: string, actor: string): Promise<RequestView> {
    const id = randomUUID();
    const at = asOfInstant(asOf);
    const legs = await askEveryLeg(SWEEP_LEGS, (subgraph) =>
      subgraph === LOCAL_SUBGRAPH ? this.local(id, at, true) : this.client.retain(subgraph, id, at, true),
    );
    const now = new Date();
    await this.store.write((tx) =>
      appendAudit(tx, now, [
        {
          requestId: null,
          action: 'RETENTION_DRY_RUN',
          actor,
          detail: { asOf, legs: auditedLegs(legs) },
        },
      ]),
    );
    const allDone = legs.every((l) => l.receipt);
    return {
      id,
      type: 'RETENTION',
      status: allDone ? 'COMPLETED' : 'FAILED',
      subjectId: NO_SUBJECT,
      dryRun: true,
      reason: null,
      submittedBy: actor,
      receivedAt: now,
      dueAt: now,
      overdue: false,
      extendedMonths: 0,
      extensionReason: null,
      completedAt: allDone ? now : null,
      rejectionReason: null,
      awaitingConfirmation: false,
      changedFields: [],
      scope: null,
      purpose: null,
      granted: null,
      asOf,
      inlineLegs: legs.map((l) => ({
        subgraph: l.subgraph,
        status: l.receipt ? ('DONE' as const) : ('FAILED' as const),
        attempts: 1,
        lastError: l.error,
        nextAttemptAt: null,
        waitingFor: null,
        receipt: null,
        retention: l.receipt,
      })),
    };
  }
}

/**
 * What the account's life scheduled before a sweep, for its audit row: how many, not which. Each
 * erasure and warning is a ledger request with an audit row of its own; listing their ids here
 * made the row grow with the population, past what a MySQL TEXT column holds (64 KB) at 2000
 * subjects, and the sweep then failed.
 */
function lifecycleDetail(pass: LifecyclePass): Record<string, number> {
  const detail: Record<string, number> = {};
  if (pass.erasures.length > 0) detail.lifecycleErasures = pass.erasures.length;
  if (pass.warned.length > 0) detail.inactivityWarned = pass.warned.length;
  if (pass.cancelled.length > 0) detail.inactivityCancelled = pass.cancelled.length;
  return detail;
}
