import type { FanoutSettings } from './ledger.settings';
import type { RequestLegEntity } from './entities/request-leg.entity';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import type { LedgerStore } from './ledger.store';
import { memoHolding, type RequestTypes } from './registry';
import { isStalled, requestWaitingFor, type Wait } from './waiting';

export interface StalledRequest {
  request: RightsRequestEntity;
  waits: Wait[];
}

/**
 * Finds the requests nobody is moving: open longer than `stalledAfterMs`, no attempt under way,
 * and waiting for something other than their subject or a date of the policy (a subgraph that
 * keeps refusing, a failed leg, an expired email code, a review). A request stuck by a defect is
 * found here, by the dpo, not by its subject. Two statements, and one per gate, whatever the number.
 */
export class Watchdog {
  constructor(
    private readonly store: LedgerStore,
    private readonly types: RequestTypes,
    private readonly settings: Pick<FanoutSettings, 'stalledAfterMs'>,
  ) {}

  async stalled(now = new Date()): Promise<StalledRequest[]> {
    const candidates = await this.store.openReceivedBefore(new Date(now.getTime() - this.settings.stalledAfterMs), now);
    if (candidates.length === 0) return [];
    const legs = await this.store.legsByRequests(candidates.map((r) => r.id));
    const byRequest = new Map<string, RequestLegEntity[]>();
    for (const leg of legs) {
      const list = byRequest.get(leg.requestId);
      if (list) list.push(leg);
      else byRequest.set(leg.requestId, [leg]);
    }
    const holding = memoHolding();
    const stalled: StalledRequest[] = [];
    for (const request of candidates) {
      const rules = await this.types.waitRules(request.type, holding);
      const waits = requestWaitingFor(request, byRequest.get(request.id) ?? [], rules, now);
      if (isStalled(waits, now)) stalled.push({ request, waits });
    }
    return stalled;
  }

  /** How many are stalled now (for the metrics). */
  async count(now = new Date()): Promise<number> {
    return (await this.stalled(now)).length;
  }
}
