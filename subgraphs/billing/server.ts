import 'reflect-metadata';
import { dbConfigFromEnv, type DbConfig } from '../../common/config';
import { buildSubgraphServer, type SubgraphServer } from '../../common/subgraph-server';
import { billingSubgraph } from './billing.subgraph';

/** Builds the billing subgraph without listening, so tests can listen on port 0. */
export function buildBillingServer(db: DbConfig = dbConfigFromEnv()): Promise<SubgraphServer> {
  return buildSubgraphServer(billingSubgraph, { db });
}
