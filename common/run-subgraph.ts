import 'reflect-metadata';
import type { AccessContext } from './subgraph-guard';
import { DEFAULT_PORTS, dbConfigFromEnv } from './config';
import { seedIfEmpty, seedOptionsFromEnv } from './demo/seeding';
import { buildSubgraphServer, type SubgraphDefinition } from './subgraph-server';
import { errorMessage } from './errors';
import { resolveSecretFiles } from './secrets';
import { shutdownSettingsFromEnv, stopOnSignals } from './shutdown';
import { log, setLogService } from './log';

/**
 * Runs one subgraph as its own process (docker-compose, production). Port from PORT, database
 * from DB/MYSQL_*; demo data only when SEED_SUBJECTS is set. Secrets may come from files
 * (`<NAME>_FILE`, common/secrets.ts); SIGTERM stops it gracefully (common/shutdown.ts).
 */
export async function runSubgraph<Ctx extends AccessContext>(def: SubgraphDefinition<Ctx>): Promise<void> {
  try {
    setLogService(def.name);
    resolveSecretFiles();
    const shutdown = shutdownSettingsFromEnv();
    const server = await buildSubgraphServer(def, { db: dbConfigFromEnv() });
    const seed = seedOptionsFromEnv();
    if (seed) await seedIfEmpty(def, server.db.dataSource, seed);
    const { url } = await server.listen(Number(process.env.PORT ?? DEFAULT_PORTS[def.name]));
    log().info(`${def.name} subgraph listening at ${url}/graphql (${server.db.location})`);
    stopOnSignals(def.name, server, shutdown);
  } catch (error) {
    log().fatal(`${def.name} subgraph failed to start: ${errorMessage(error)}`);
    process.exit(1);
  }
}
