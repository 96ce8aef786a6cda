import type { DataSubgraphName } from '../../../common/config';
import type { ContractCall, ContractClient } from './contract.client';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import type { LegRunner } from './registry';
import type { RequestDetails } from './request-details';

/**
 * The leg runner of a type whose legs are a data subgraph's privacy contract: every leg makes the
 * same call, built from what the request asks.
 */
export function contractLegs(
  client: ContractClient,
  call: (details: RequestDetails, request: RightsRequestEntity) => ContractCall,
): LegRunner {
  return (request, subgraph, details) =>
    client.call(subgraph as DataSubgraphName, request.subjectId, request.id, call(details, request));
}

/** A detail a type cannot run without: its absence is a defect, said plainly on the leg. */
export function required<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`the request has no ${what}: it cannot run`);
  return value;
}
