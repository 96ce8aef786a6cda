import { dayStart } from '../../../common/calendar-date';
import { DATA_SUBGRAPH_NAMES, type DataSubgraphName } from '../../../common/config';
import type { RetentionReceipt } from '../../../common/privacy-contract/retention.receipt';
import type { ContractClient } from '../ledger/contract.client';
import { required } from '../ledger/contract.runner';
import type { Ledger } from '../ledger/ledger';

/**
 * This service's own part of a sweep (the ledger, the access log, the outbox, the audit log,
 * own-records.retention.ts), run as a leg like a data subgraph's.
 */
export type OwnRecordsLeg = (runId: string, asOf: Date, dryRun: boolean) => Promise<RetentionReceipt>;
export const OWN_LEG = 'requests';
/** Every data subgraph's contract, then this service's own records. */
export const SWEEP_LEGS = [...DATA_SUBGRAPH_NAMES, OWN_LEG] as const;

/** A sweep's leg, real or dry: `privacyRetain` of a data subgraph, or this service's own records. */
export function sweepLeg(client: ContractClient, own: OwnRecordsLeg) {
  return (subgraph: string, runId: string, asOf: Date, dryRun: boolean): Promise<RetentionReceipt> =>
    subgraph === OWN_LEG ? own(runId, asOf, dryRun) : client.retain(subgraph as DataSubgraphName, runId, asOf, dryRun);
}

/** A retention sweep is a request of type RETENTION with one leg per subgraph and one of its own. */
export function registerRetention(ledger: Ledger, client: ContractClient, own: OwnRecordsLeg): void {
  const leg = sweepLeg(client, own);
  ledger.types.register('RETENTION', {
    legs: SWEEP_LEGS,
    run: (request, subgraph, details) =>
      leg(subgraph, request.id, dayStart(required(details.asOf, 'date to sweep as of')), false),
  });
}
