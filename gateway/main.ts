import '../common/tracing-start';
import 'reflect-metadata';
import { DEFAULT_PORTS, SUBGRAPH_NAMES, subgraphUrlVariable } from '../common/config';
import { buildGateway } from './gateway';
import { errorMessage } from '../common/errors';
import { resolveSecretFiles } from '../common/secrets';
import { shutdownSettingsFromEnv, stopOnSignals } from '../common/shutdown';
import { log, setLogService } from '../common/log';

/**
 * The gateway as its own process: subgraph URLs from PROFILE_URL, SESSIONS_URL, ...; secrets
 * possibly from files (`<NAME>_FILE`); SIGTERM stops it gracefully (common/shutdown.ts).
 */
async function main(): Promise<void> {
  setLogService('gateway');
  resolveSecretFiles();
  const shutdown = shutdownSettingsFromEnv();
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.flatMap((name) => {
      const url = process.env[subgraphUrlVariable(name)];
      return url ? [[name, url]] : [];
    }),
  );
  const gateway = await buildGateway({ subgraphUrls });
  const { url } = await gateway.listen(Number(process.env.PORT ?? DEFAULT_PORTS.gateway));
  log().info(`gateway listening at ${url}/graphql, playground at ${url}/`);
  stopOnSignals('gateway', gateway, shutdown);
}

main().catch((error: unknown) => {
  log().fatal(`gateway failed to start: ${errorMessage(error)}`);
  process.exit(1);
});
