import type { EntityManager } from 'typeorm';
import type { RequestLegEntity } from './entities/request-leg.entity';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import type { FanoutSettings } from './ledger.settings';
import type { LedgerStore } from './ledger.store';
import type { Lease } from './lease';
import { legWaves } from './legs';
import type { RequestTypes } from './registry';
import { OPEN_STATUSES } from './request.enums';

/**
 * How the fan-out (fanout.ts) takes legs to run: a lease per leg (`claimed_until`), so that one
 * process runs a leg at a time however many replicas share the ledger. Taken either as the
 * request is recorded (its first legs) or later by a claim transaction of their own.
 */
export class Claims {
  constructor(
    private readonly store: LedgerStore,
    private readonly types: RequestTypes,
    private readonly settings: FanoutSettings,
  ) {}

  /** A lease's length: the call's timeout and a margin, so a lease outlives the call it covers. */
  private get leaseMs(): number {
    return this.settings.callTimeoutMs + 5000;
  }

  /**
   * Claims, in the transaction that records a request, the legs of its first wave that may run
   * now (decision 361): they are written held by this process (its lease, one attempt counted)
   * and the request IN_PROGRESS, so their first attempt needs no claim transaction of its own. A
   * request awaiting a code, or whose legs a gate holds, is recorded as before, every leg free.
   * Sets the rows about to be inserted (every time: a transaction run again after a deadlock
   * decides again); returns the leases taken, none if none.
   */
  async onRecord(
    tx: EntityManager,
    request: RightsRequestEntity,
    legs: RequestLegEntity[],
    now: Date,
  ): Promise<Lease[]> {
    // Recorded RECEIVED (IN_PROGRESS when a deadlock's rollback ran this once already).
    if (request.status !== 'RECEIVED' && request.status !== 'IN_PROGRESS') return [];
    const [wave = []] = legWaves(
      this.types.firstLeg(request.type),
      legs.map((l) => l.subgraph),
    );
    const held = request.awaitingConfirmation ? new Set(wave) : await this.gated(tx, request, wave);
    const taking = wave.filter((s) => !held.has(s));
    const ms = this.leaseMs;
    const until = new Date(now.getTime() + ms);
    for (const leg of legs) {
      const taken = taking.includes(leg.subgraph);
      Object.assign(leg, { claimedUntil: taken ? until : null, attempts: taken ? 1 : 0 });
    }
    request.status = taking.length > 0 ? 'IN_PROGRESS' : 'RECEIVED';
    return taking.map((subgraph) => ({ requestId: request.id, subgraph, ms, until }));
  }

  /**
   * Takes those of the legs that may run now, in one transaction: their request open and waiting
   * for no code, its first leg done where one goes first, no gate holding them, and nobody else
   * holding them. Null when none may. The request's row is locked and read in one statement,
   * its legs read after it (what the claimer before committed), the gates asked once for all
   * the legs, and the free ones taken by one UPDATE (the same conditions, checked again there).
   */
  async take(
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
    const ms = this.leaseMs;
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
