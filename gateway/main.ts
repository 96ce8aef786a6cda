import 'reflect-metadata';
import { DEFAULT_PORTS, SUBGRAPH_NAMES, subgraphUrlVariable } from '../common/config';
import { buildGateway } from './gateway';
import { errorMessage } from '../common/errors';

/** The gateway as its own process: subgraph URLs from PROFILE_URL, SESSIONS_URL, ... */
async function main(): Promise<void> {
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.flatMap((name) => {
      const url = process.env[subgraphUrlVariable(name)];
      return url ? [[name, url]] : [];
    }),
  );
  const gateway = await buildGateway({ subgraphUrls });
  const { url } = await gateway.listen(Number(process.env.PORT ?? DEFAULT_PORTS.gateway));
  process.stdout.write(`gateway ready at ${url}/graphql, playground at ${url}/\n`);
  const stop = () => void gateway.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${errorMessage(error)}\n`);
  process.exit(1);
});
