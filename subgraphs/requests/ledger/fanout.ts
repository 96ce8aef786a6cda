import type { EntityManager } from 'typeorm';
import { internalSpan } from '../../../common/tracing';
import { errorMessage } from '../../../common/errors';
import { ContractError } from './contract.client';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import type { FanoutSettings } from './ledger.settings';
import type { DueRules, LedgerStore } from './ledger.store';
import { keepingLeases, type Lease } from './lease';
import { LegOutcomes, type LegResult } from './leg-outcome';
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
 * The engine: drives requests through their legs, whatever their type. The legs of a request
 * that may run together (a wave, legs.ts; or the worker's due legs of one request) are claimed in
 * one transaction (an UPDATE per leg that only one caller wins), run side by side by the type's
 * registered runner (registry.ts), and their outcomes written with their audit rows in one
 * transaction (leg-outcome.ts): three commits and two appends to the audit chain for an erasure
 * of four legs, not nine and five. A failure leaves its leg PENDING with the next attempt
 * scheduled, so the worker (this process, or the next one after a restart) carries on. Runners
 * are idempotent on the request id: a leg whose answer was lost in a crash is simply asked again
 * and answers with the same receipt.
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
   * `dispatch` for a request its caller has just recorded with these legs, all pending: nothing
   * to read back before the claim, which reads the request and its legs under the lock anyway.
   */
  async dispatchRecorded(
    request: Pick<RightsRequestEntity, 'id' | 'type'>,
    legs: readonly string[],
    waitMs = this.settings.syncWaitMs,
  ): Promise<void> {
    const work = this.track(this.runWaves(request.id, this.types.firstLeg(request.type), legs));
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
      const byRequest = new Map<string, string[]>();
      for (const leg of due) byRequest.set(leg.requestId, [...(byRequest.get(leg.requestId) ?? []), leg.subgraph]);
      await Promise.all([...byRequest].map(([requestId, legs]) => this.track(this.runLegs(requestId, legs))));
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
    await this.runWaves(requestId, this.types.firstLeg(request.type), pending);
  }

  private async runWaves(requestId: string, firstLeg: string | null, pending: readonly string[]): Promise<void> {
    for (const wave of legWaves(firstLeg, pending)) await this.runLegs(requestId, wave);
  }

  /**
   * One attempt at these legs of a request, together. A leg the worker is already trying is not
   * taken again: the mutation's dispatch waits for that attempt instead of returning early (and
   * answering IN_PROGRESS while it completes).
   */
  private runLegs(requestId: string, subgraphs: readonly string[]): Promise<void> {
    const key = (subgraph: string) => `${requestId}/${subgraph}`;
    const runs = subgraphs.flatMap((s) => this.legRuns.get(key(s)) ?? []);
    const fresh = subgraphs.filter((s) => !this.legRuns.has(key(s)));
    if (fresh.length > 0) {
      const run = withLogScope({ requestId }, () => this.attempt(requestId, fresh)).finally(() => {
        for (const s of fresh) this.legRuns.delete(key(s));
      });
      for (const s of fresh) this.legRuns.set(key(s), run);
      runs.push(run);
    }
    return Promise.all(runs).then(() => undefined);
  }

  private async attempt(requestId: string, subgraphs: readonly string[]): Promise<void> {
    const claim = await this.store.write((tx) => this.claim(tx, requestId, subgraphs, new Date()));
    if (!claim) return;
    const { request, leases } = claim;
    const results = await keepingLeases(this.store, leases, () =>
      Promise.all(
        leases.map(({ subgraph }) =>
          internalSpan(`leg ${subgraph}`, () => this.runClaimed(request, subgraph), request.traceParent),
        ),
      ),
    );
    await this.outcomes.record(requestId, results);
  }

  private async runClaimed(claimed: RightsRequestEntity, subgraph: string): Promise<LegResult> {
    log().debug({ subgraph, type: claimed.type }, 'leg attempt');
    try {
      const run = this.types.spec(claimed.type).run;
      if (!run) throw new Error(`a ${claimed.type} request has no legs to run`);
      return { subgraph, receipt: await run(claimed, subgraph, parseDetails(claimed.details)) };
    } catch (error) {
      if (!(error instanceof ContractError))
        log().error({ requestId: claimed.id, subgraph }, `[fanout] ${subgraph} leg: ${errorMessage(error)}`);
      const failure =
        error instanceof ContractError
          ? error
          : new ContractError('the call failed unexpectedly', true, 'INTERNAL_SERVER_ERROR');
      return { subgraph, error: failure };
    }
  }

  /**
   * Takes those of the legs that may run now, in one transaction: their request open and waiting
   * for no code, its first leg done where one goes first, no gate holding them, and nobody else
   * holding them. Null when none may. The request's row is locked and read in one statement,
   * its legs read after it (what the claimer before committed), the gates asked once for all
   * the legs, and the free ones taken by one UPDATE (the same conditions, checked again there).
   */
  private async claim(
    tx: EntityManager,
    requestId: string,
    subgraphs: readonly string[],
    now: Date,
  ): Promise<{ request: RightsRequestEntity; leases: Lease[] } | null> {
    const request = await this.store.lockedRequest(tx, requestId);
    if (!request || !OPEN_STATUSES.includes(request.status) || request.awaitingConfirmation) return null;
    const legs = await this.store.legsByRequests([requestId], tx);
    const first = this.types.firstLeg(request.type);
    const firstDone = !first || legs.find((l) => l.subgraph === first)?.status === 'DONE';
    const free = (s: string) => {
      const leg = legs.find((l) => l.subgraph === s);
      return (
        leg !== undefined &&
        leg.status === 'PENDING' &&
        leg.nextAttemptAt <= now &&
        (leg.claimedUntil === null || leg.claimedUntil < now)
      );
    };
    const asked = subgraphs.filter((s) => (firstDone || s === first) && free(s));
    const held = await this.gated(tx, request, asked);
    const taking = asked.filter((s) => !held.has(s));
    if (taking.length === 0) return null;
    const ms = this.settings.callTimeoutMs + 5000;
    const until = new Date(now.getTime() + ms);
    const took = await this.store.claimLegs(tx, requestId, taking, now, until);
    // Fewer taken than seen free: a writer without the request's lock (a rejection) came first.
    // Which were taken is what this transaction wrote: its own UPDATE is the only one it sees.
    const claimed =
      took === taking.length
        ? taking
        : (await this.store.legsByRequests([requestId], tx))
            .filter((l) => taking.includes(l.subgraph) && l.claimedUntil?.getTime() === until.getTime())
            .map((l) => l.subgraph);
    if (claimed.length === 0) return null;
    if (request.status === 'RECEIVED')
      await this.store.saveRequest(tx, requestId, { status: 'IN_PROGRESS', updatedAt: now });
    return { request, leases: claimed.map((subgraph) => ({ requestId, subgraph, ms, until })) };
  }

  /** The legs among these that a gate of the request's type holds back (one question per gate). */
  private async gated(
    tx: EntityManager,
    request: RightsRequestEntity,
    subgraphs: readonly string[],
  ): Promise<ReadonlySet<string>> {
    const held = new Set<string>();
    if (subgraphs.length === 0) return held;
    for (const gate of this.types.gates)
      if (gate.types.includes(request.type)) for (const s of await gate.waiting(tx, request, subgraphs)) held.add(s);
    return held;
  }
}
