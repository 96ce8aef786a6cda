import 'reflect-metadata';
import { dbConfigFromEnv, type DbConfig } from '../../common/config';
import { buildSubgraphServer, type SubgraphServer } from '../../common/subgraph-server';
import { supportSubgraph } from './support.subgraph';

/** Builds the support subgraph without listening, so tests can listen on port 0. */
export function buildSupportServer(db: DbConfig = dbConfigFromEnv()): Promise<SubgraphServer> {
  return buildSubgraphServer(supportSubgraph, { db });
}
