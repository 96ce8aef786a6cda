import type { FanoutSettings } from './ledger.settings';
import type { RequestLegEntity } from './entities/request-leg.entity';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import type { LedgerStore } from './ledger.store';
import { memoHolding, type RequestTypes } from './registry';
import { isStalled, requestWaitingFor, type Wait } from './waiting';

/** Open requests read at once to be judged (their legs with them). */
const CANDIDATES_PAGE = 500;

export interface StalledRequest {
  request: RightsRequestEntity;
  waits: Wait[];
}

/**
 * Finds the requests nobody is moving: open longer than `stalledAfterMs`, no attempt under way,
 * and waiting for something other than their subject or a date of the policy (a subgraph that
 * keeps refusing, a failed leg, an expired email code, a review). A request stuck by a defect is
 * found here, by the dpo, not by its subject. Two statements per page of candidates, and one per
 * gate, whatever the number; it stops once it has found as many as it was asked for.
 */
export class Watchdog {
  constructor(
    private readonly store: LedgerStore,
    private readonly types: RequestTypes,
    private readonly settings: Pick<FanoutSettings, 'stalledAfterMs'>,
  ) {}

  async stalled(now = new Date(), limit = Number.POSITIVE_INFINITY): Promise<StalledRequest[]> {
    const before = new Date(now.getTime() - this.settings.stalledAfterMs);
    const holding = memoHolding();
    const stalled: StalledRequest[] = [];
    // A page of candidates at a time (decision 332): warnings and contacts stay open for weeks,
    // and every one of them is a candidate, mostly waiting for a date of the policy.
    let after: { receivedAt: Date; id: string } | null = null;
    while (stalled.length < limit) {
      const candidates = await this.store.openReceivedBefore(before, now, { after, take: CANDIDATES_PAGE });
      if (candidates.length === 0) break;
      const legs = await this.store.legsByRequests(candidates.map((r) => r.id));
      const byRequest = new Map<string, RequestLegEntity[]>();
      for (const leg of legs) {
        const list = byRequest.get(leg.requestId);
        if (list) list.push(leg);
        else byRequest.set(leg.requestId, [leg]);
      }
      for (const request of candidates) {
        const rules = await this.types.waitRules(request.type, holding);
        const waits = requestWaitingFor(request, byRequest.get(request.id) ?? [], rules, now);
        if (isStalled(waits, now)) stalled.push({ request, waits });
      }
      if (candidates.length < CANDIDATES_PAGE) break;
      const last = candidates[candidates.length - 1];
      after = { receivedAt: last.receivedAt, id: last.id };
    }
    return stalled.slice(0, limit);
  }
}
