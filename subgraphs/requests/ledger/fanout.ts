import type { EntityManager } from 'typeorm';
import { internalSpan } from '../../../common/tracing';
import { errorMessage } from '../../../common/errors';
import { ContractError } from './contract.client';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import type { FanoutSettings } from './ledger.settings';
import type { DueRules, LedgerStore } from './ledger.store';
import { keepingLease, type Lease } from './lease';
import { LegOutcomes } from './leg-outcome';
import { legWaves } from './legs';
import type { RequestTypes } from './registry';
import { parseDetails } from './request-details';
import { OPEN_STATUSES } from './request.enums';
import { log, withLogScope } from '../../../common/log';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Windows one pass takes at most: a window's legs are done or rescheduled when it ends, so the
 * next window is new work; the bound keeps a pass finite should a race hand a leg back.
 */
const MAX_WINDOWS_PER_PASS = 50;

/**
 * The engine: drives requests through their legs, whatever their type. A leg is claimed (an
 * UPDATE that only one caller wins), run by its type's registered runner (registry.ts), and its
 * outcome written with an audit row in one transaction (leg-outcome.ts); a failure leaves it
 * PENDING with the next attempt scheduled, so the worker (this process, or the next one after a
 * restart) carries on. Runners are idempotent on the request id: a leg whose answer was lost in a
 * crash is simply asked again and answers with the same receipt.
 */
export class Fanout {
  private readonly running = new Set<Promise<void>>();
  /** Attempts under way in this process, by leg: whoever asks for a leg already running waits for that run. */
  private readonly legRuns = new Map<string, Promise<void>>();
  private readonly outcomes: LegOutcomes;

  constructor(
    private readonly store: LedgerStore,
    private readonly types: RequestTypes,
    readonly settings: FanoutSettings,
  ) {
    this.outcomes = new LegOutcomes(store, types, settings);
  }

  /** Runs what can run of a request now, and returns when done or after `waitMs`, whichever first. */
  async dispatch(requestId: string, waitMs = this.settings.syncWaitMs): Promise<void> {
    const work = this.track(this.runRequest(requestId));
    await Promise.race([work, sleep(waitMs)]);
  }

  /**
   * One pass of the worker: the legs that can run now, a window at a time. `dueLegs` leaves out
   * every leg that must wait (a code, an earlier leg, a gate), so a window is all work; a full
   * one is followed at once by the next, up to MAX_WINDOWS_PER_PASS before the loop's interval.
   */
  async tick(window = this.settings.workerWindow): Promise<void> {
    const rules = this.dueRules();
    for (let i = 0; i < MAX_WINDOWS_PER_PASS; i++) {
      const due = await this.store.dueLegs(new Date(), window, rules);
      await Promise.all(due.map((leg) => this.track(this.runLeg(leg.requestId, leg.subgraph))));
      if (due.length < window) return;
    }
  }

  /** Waits for the attempts under way (their outcome is written before the pools close). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /** What makes a leg wait, as the registered types and gates say. */
  private dueRules(): DueRules {
    return {
      firsts: this.types.firstLegs().map((leg) => ({ leg, types: this.types.typesFirst(leg) })),
      gates: this.types.gates.map((g) => g.waitsWhere),
    };
  }

  private track(work: Promise<void>): Promise<void> {
    const tracked = work.catch((error: unknown) => {
      log().error(`[fanout] ${errorMessage(error)}`);
    });
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
    return tracked;
  }

  private async runRequest(requestId: string): Promise<void> {
    const request = await this.store.request(requestId);
    if (!request) return;
    const pending = (await this.store.legsByRequests([requestId]))
      .filter((l) => l.status === 'PENDING')
      .map((l) => l.subgraph);
    for (const wave of legWaves(this.types.firstLeg(request.type), pending))
      await Promise.all(wave.map((s) => this.runLeg(requestId, s)));
  }

  /**
   * One attempt at a leg. If the worker is already trying it, the mutation's dispatch waits for
   * that attempt instead of returning early (and answering IN_PROGRESS while it completes).
   */
  private runLeg(requestId: string, subgraph: string): Promise<void> {
    const key = `${requestId}/${subgraph}`;
    let run = this.legRuns.get(key);
    if (!run) {
      run = withLogScope({ requestId }, () => this.attemptLeg(requestId, subgraph)).finally(() =>
        this.legRuns.delete(key),
      );
      this.legRuns.set(key, run);
    }
    return run;
  }

  private async attemptLeg(requestId: string, subgraph: string): Promise<void> {
    const claim = await this.store.write((tx) => this.claim(tx, requestId, subgraph, new Date()));
    if (!claim) return;
    const { request: claimed, lease } = claim;
    log().debug({ subgraph, type: claimed.type }, 'leg attempt');
    await internalSpan(
      `leg ${subgraph}`,
      () => keepingLease(this.store, lease, () => this.runClaimed(claimed, requestId, subgraph)),
      claimed.traceParent,
    );
  }

  private async runClaimed(claimed: RightsRequestEntity, requestId: string, subgraph: string): Promise<void> {
    try {
      const run = this.types.spec(claimed.type).run;
      if (!run) throw new Error(`a ${claimed.type} request has no legs to run`);
      const receipt = await run(claimed, subgraph, parseDetails(claimed.details));
      await this.outcomes.done(requestId, subgraph, receipt);
    } catch (error) {
      const failure =
        error instanceof ContractError
          ? error
          : new ContractError('the call failed unexpectedly', true, 'INTERNAL_SERVER_ERROR');
      if (!(error instanceof ContractError))
        log().error({ requestId, subgraph }, `[fanout] ${subgraph} leg: ${errorMessage(error)}`);
      await this.outcomes.failed(requestId, subgraph, failure);
    }
  }

  /**
   * Takes the leg for one attempt if it may run now: its request open and waiting for no code,
   * its first leg done where one goes first, no gate holding it, and nobody else holding it.
   */
  private async claim(
    tx: EntityManager,
    requestId: string,
    subgraph: string,
    now: Date,
  ): Promise<{ request: RightsRequestEntity; lease: Lease } | null> {
    await this.store.lockRequest(tx, requestId);
    const request = await this.store.request(requestId, tx);
    if (!request || !OPEN_STATUSES.includes(request.status) || request.awaitingConfirmation) return null;
    const first = this.types.firstLeg(request.type);
    if (first && subgraph !== first) {
      const firstLeg = (await this.store.legsByRequests([requestId], tx)).find((l) => l.subgraph === first);
      if (firstLeg?.status !== 'DONE') return null;
    }
    for (const gate of this.types.gates)
      if (gate.types.includes(request.type) && (await gate.waits(tx, request, subgraph))) return null;
    const ms = this.settings.callTimeoutMs + 5000;
    const lease: Lease = { requestId, subgraph, ms, until: new Date(now.getTime() + ms) };
    if (!(await this.store.claimLeg(tx, requestId, subgraph, now, lease.until))) return null;
    if (request.status === 'RECEIVED')
      await this.store.saveRequest(tx, requestId, { status: 'IN_PROGRESS', updatedAt: now });
    return { request, lease };
  }
}
