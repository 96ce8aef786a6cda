import type { DataSource, EntityManager } from 'typeorm';
import { requestsReceived } from '../../../common/metrics';
import { appendAudit, type AuditEntry } from './audit.store';
import type { RequestLegEntity } from './entities/request-leg.entity';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import { Fanout } from './fanout';
import type { FanoutSettings } from './ledger.settings';
import { LedgerStore } from './ledger.store';
import { RequestTypes } from './registry';
import { Watchdog } from './watchdog';

/**
 * The engine every feature records its requests in: the store, the registered types, the
 * fan-out that runs their legs, the watchdog. It knows no feature: features register their
 * types, gates and listeners on `types` (registry.ts).
 */
export class Ledger {
  readonly store: LedgerStore;
  readonly types = new RequestTypes();
  readonly fanout: Fanout;
  readonly watchdog: Watchdog;

  constructor(
    ds: DataSource,
    readonly settings: FanoutSettings,
  ) {
    this.store = new LedgerStore(ds);
    this.fanout = new Fanout(this.store, this.types, settings);
    this.watchdog = new Watchdog(this.store, this.types, settings);
  }

  /**
   * A new request in `tx`: its row, its legs, what the listeners write when one is received
   * (a message), and its audit rows, all committed together before any leg runs.
   */
  async record(
    tx: EntityManager,
    request: RightsRequestEntity,
    legs: RequestLegEntity[],
    audit: readonly AuditEntry[],
    now: Date,
  ): Promise<void> {
    await this.store.insertRequest(tx, request, legs);
    requestsReceived.inc({ type: request.type });
    for (const listener of this.types.listeners) await listener.received?.(tx, request, now);
    await appendAudit(tx, now, audit);
  }
}
