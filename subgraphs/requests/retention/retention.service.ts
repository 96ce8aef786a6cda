import { randomUUID } from 'node:crypto';
import { dateIn, DAY_MS, dayStart } from '../../../common/calendar-date';
import { appendAudit } from '../ledger/audit.store';
import type { ContractClient } from '../ledger/contract.client';
import { askEveryLeg, auditedLegs } from '../ledger/dry-run';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import type { Ledger } from '../ledger/ledger';
import { newRequest, pendingLegs } from '../ledger/new-request';
import { dryRunView, type RequestView } from '../ledger/request.view';
import { SWEEP_LEGS, sweepLeg, type OwnRecordsLeg } from './retention.types';
import type { RetentionSettings } from './retention.settings';
import { type RetentionLedgerStore, RUN_KEY_PREFIX } from './retention.store';
import { dueSweepDate } from './sweep-date';

/** A sweep concerns no subject: its `subjectId` is the nil UUID. */
export const NO_SUBJECT = '00000000-0000-0000-0000-000000000000';
/** Who submits a scheduled sweep, in the ledger and the audit log. */
export const SCHEDULE_ACTOR = 'retention-schedule';

/**
 * What is due before each sweep, as of its day (the account's life: closures, warnings, minors),
 * counted for the sweep's audit row. Given at construction by the composition root.
 */
export type BeforeSweep = (asOf: string) => Promise<Record<string, number>>;

/**
 * The retention sweep as a ledger request (type RETENTION, one leg per subgraph and one for
 * this service's own records): recorded before anyone is called, retried by the worker like any
 * leg, audited. A dry run asks every leg with dryRun and records only its audit row.
 */
export class RetentionService {
  private readonly leg: ReturnType<typeof sweepLeg>;

  constructor(
    private readonly ledger: Ledger,
    client: ContractClient,
    own: OwnRecordsLeg,
    readonly settings: RetentionSettings,
    private readonly runsStore: RetentionLedgerStore,
    private readonly beforeSweep: BeforeSweep,
    /** The day the policy is in force from (its `effectiveDate`): no sweep applies it before. */
    readonly inForceFrom: string | null = null,
  ) {
    this.leg = sweepLeg(client, own);
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
    const scheduled = await this.beforeSweep(asOf);
    const now = new Date();
    const request = newRequest({
      type: 'RETENTION',
      subjectId: NO_SUBJECT,
      details: { asOf },
      reason: null,
      submittedBy: actor,
      receivedAt: now,
      // Due by the next day's sweep.
      dueAt: new Date(now.getTime() + DAY_MS),
      now,
      runKey,
    });
    const audit = {
      requestId: request.id,
      action: 'RECEIVED',
      actor,
      detail: { type: 'RETENTION', asOf, scheduled: runKey !== null, ...scheduled },
    };
    try {
      await this.ledger.store.write((tx) =>
        this.ledger.record(tx, request, pendingLegs(request.id, SWEEP_LEGS, now), [audit], now),
      );
    } catch (error) {
      // Another replica claimed this day first: its sweep is the day's.
      if (runKey && (await this.runsStore.byRunKey(runKey))) return null;
      throw error;
    }
    if (wait) await this.ledger.fanout.dispatch(request.id);
    else void this.ledger.fanout.dispatch(request.id, 0);
    return request.id;
  }

  /** The scheduled sweep, if one is due now (sweep-date.ts): claimed by its day's key. */
  async scheduledTick(now: Date, startedAt: Date): Promise<string | null> {
    const due = dueSweepDate(now, this.settings, await this.runsStore.lastScheduledDate(), startedAt);
    if (!due) return null;
    return this.start(due, SCHEDULE_ACTOR, `${RUN_KEY_PREFIX}${due}`, false);
  }

  /** Every leg asked with dryRun: what a sweep as of `asOf` would do; nothing changes but an audit row. */
  async dryRun(asOf: string, actor: string): Promise<RequestView> {
    const id = randomUUID();
    const at = dayStart(asOf);
    const legs = await askEveryLeg(SWEEP_LEGS, (subgraph) => this.leg(subgraph, id, at, true));
    const now = new Date();
    await this.ledger.store.write((tx) =>
      appendAudit(tx, now, [
        { requestId: null, action: 'RETENTION_DRY_RUN', actor, detail: { asOf, legs: auditedLegs(legs) } },
      ]),
    );
    return dryRunView({
      id,
      type: 'RETENTION',
      subjectId: NO_SUBJECT,
      reason: null,
      submittedBy: actor,
      now,
      due: now,
      legs: legs.map((l) => ({ subgraph: l.subgraph, retention: l.receipt, error: l.error })),
      asOf,
    });
  }
}
