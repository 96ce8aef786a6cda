import 'reflect-metadata';
import { dbConfigFromEnv, type DbConfig } from '../../common/config';
import { buildSubgraphServer, type SubgraphServer } from '../../common/subgraph-server';
import { sessionsSubgraph } from './sessions.subgraph';

/** Builds the sessions subgraph without listening, so tests can listen on port 0. */
export function buildSessionsServer(db: DbConfig = dbConfigFromEnv()): Promise<SubgraphServer> {
  return buildSubgraphServer(sessionsSubgraph, { db });
}
