import 'reflect-metadata';
import type { AccessContext } from './subgraph-guard';
import { DEFAULT_PORTS, dbConfigFromEnv } from './config';
import { seedIfEmpty, seedOptionsFromEnv } from './demo/seeding';
import { buildSubgraphServer, type SubgraphDefinition } from './subgraph-server';
import { errorMessage } from './errors';

/**
 * Runs one subgraph as its own process (docker-compose, production). Port from PORT, database
 * from DB/MYSQL_*; demo data only when SEED_SUBJECTS is set.
 */
export async function runSubgraph<Ctx extends AccessContext>(def: SubgraphDefinition<Ctx>): Promise<void> {
  try {
    const server = await buildSubgraphServer(def, { db: dbConfigFromEnv() });
    const seed = seedOptionsFromEnv();
    if (seed) await seedIfEmpty(def, server.db.dataSource, seed);
    const { url } = await server.listen(Number(process.env.PORT ?? DEFAULT_PORTS[def.name]));
    process.stdout.write(`${def.name} subgraph ready at ${url}/graphql (${server.db.location})\n`);
    const stop = () => void server.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    process.stderr.write(`${def.name} subgraph failed to start: ${errorMessage(error)}\n`);
    process.exit(1);
  }
}
