import 'reflect-metadata';
import { dbConfigFromEnv, type DbConfig } from '../../common/config';
import { buildSubgraphServer, type SubgraphServer } from '../../common/subgraph-server';
import { profileSubgraph } from './profile.subgraph';

/** Builds the profile subgraph without listening, so tests can listen on port 0. */
export function buildProfileServer(db: DbConfig = dbConfigFromEnv()): Promise<SubgraphServer> {
  return buildSubgraphServer(profileSubgraph, { db });
}
