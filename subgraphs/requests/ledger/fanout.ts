import { internalSpan } from '../../../common/tracing';
import { errorMessage } from '../../../common/errors';
import { Claims } from './claims';
import { ContractError } from './contract.client';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import type { FanoutSettings } from './ledger.settings';
import type { DueRules, LedgerStore } from './ledger.store';
import { keepingLeases, type Lease } from './lease';
import { LegOutcomes, type LegResult } from './leg-outcome';
import { legWaves } from './legs';
import type { RequestTypes } from './registry';
import { parseDetails } from './request-details';
import { log, withLogScope } from '../../../common/log';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Windows one pass takes at most: a window's legs are done or rescheduled when it ends, so the
 * next window is new work; the bound keeps a pass finite should a race hand a leg back.
 */
const MAX_WINDOWS_PER_PASS = 50;

/**
 * The engine: drives requests through their legs, whatever their type. The legs of a request
 * that may run together (a wave, legs.ts; or the worker's due legs of one request) are claimed
 * together (claims.ts: a new request's first ones in the transaction that records it, the others
 * in one of their own), run side by side by the type's registered runner (registry.ts), and their
 * outcomes written with their audit rows in one transaction (leg-outcome.ts): two commits and two
 * appends to the audit chain for an erasure of four legs. A failure leaves its leg PENDING with
 * the next attempt scheduled, so the worker (this process, or the next one after a restart)
 * carries on. Runners are idempotent on the request id: a leg whose answer was lost in a crash
 * is simply asked again and answers with the same receipt.
 */
export class Fanout {
  private readonly running = new Set<Promise<void>>();
  /** Attempts under way in this process, by leg: whoever asks for a leg already running waits for that run. */
  private readonly legRuns = new Map<string, Promise<void>>();
  private readonly outcomes: LegOutcomes;
  /** How legs are taken: as a request is recorded, or by a claim transaction (claims.ts). */
  readonly claims: Claims;

  constructor(
    private readonly store: LedgerStore,
    private readonly types: RequestTypes,
    readonly settings: FanoutSettings,
  ) {
    this.outcomes = new LegOutcomes(store, types, settings);
    this.claims = new Claims(store, types, settings);
  }

  /** Runs what can run of a request now, and returns when done or after `waitMs`, whichever first. */
  async dispatch(requestId: string, waitMs = this.settings.syncWaitMs): Promise<void> {
    const work = this.track(this.runRequest(requestId));
    await Promise.race([work, sleep(waitMs)]);
  }

  /**
   * `dispatch` for a request its caller has just recorded with these legs: the legs
   * `claims.onRecord` took as it was recorded run at once, without a claim of their own; the rest
   * (a later wave, a leg a gate held) are claimed as usual, nothing read back before.
   */
  async dispatchRecorded(
    request: RightsRequestEntity,
    legs: readonly string[],
    leases: readonly Lease[] = [],
    waitMs = this.settings.syncWaitMs,
  ): Promise<void> {
    const claimed = leases.map((l) => l.subgraph);
    const rest = legs.filter((s) => !claimed.includes(s));
    const first = this.types.firstLeg(request.type);
    const work = this.track(
      (leases.length > 0 ? this.runLegs(request.id, claimed, () => this.run(request, leases)) : Promise.resolve()).then(
        () => this.runWaves(request.id, first, rest),
      ),
    );
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
    for (const wave of legWaves(firstLeg, pending)) if (wave.length > 0) await this.runLegs(requestId, wave);
  }

  /**
   * One attempt at these legs of a request, together. A leg the worker is already trying is not
   * taken again: the mutation's dispatch waits for that attempt instead of returning early (and
   * answering IN_PROGRESS while it completes).
   */
  private runLegs(
    requestId: string,
    subgraphs: readonly string[],
    start: () => Promise<void> = () => this.attempt(requestId, subgraphs),
  ): Promise<void> {
    const key = (subgraph: string) => `${requestId}/${subgraph}`;
    const runs = subgraphs.flatMap((s) => this.legRuns.get(key(s)) ?? []);
    const fresh = subgraphs.filter((s) => !this.legRuns.has(key(s)));
    if (fresh.length > 0) {
      const run = withLogScope({ requestId }, () =>
        fresh.length === subgraphs.length ? start() : this.attempt(requestId, fresh),
      ).finally(() => {
        for (const s of fresh) this.legRuns.delete(key(s));
      });
      for (const s of fresh) this.legRuns.set(key(s), run);
      runs.push(run);
    }
    return Promise.all(runs).then(() => undefined);
  }

  private async attempt(requestId: string, subgraphs: readonly string[]): Promise<void> {
    const claim = await this.store.write((tx) => this.claims.take(tx, requestId, subgraphs, new Date()));
    if (claim) await this.run(claim.request, claim.leases);
  }

  /** The claimed legs run side by side while their leases are kept; their outcomes written together. */
  private async run(request: RightsRequestEntity, leases: readonly Lease[]): Promise<void> {
    const results = await keepingLeases(this.store, leases, () =>
      Promise.all(
        leases.map(({ subgraph }) =>
          internalSpan(`leg ${subgraph}`, () => this.runClaimed(request, subgraph), request.traceParent),
        ),
      ),
    );
    await this.outcomes.record(request.id, results);
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
}
