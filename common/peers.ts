import { signWithConfiguredKey, type CallerClaims } from './caller-token';
import { DATA_SUBGRAPH_NAMES, DEFAULT_PORTS, subgraphUrlVariable, type DataSubgraphName } from './config';

/**
 * The public API as export tooling sees it: its URL (asked when needed, since in one process the
 * gateway listens after the subgraphs) and a caller token signed with a key the gateway accepts.
 */
export interface GatewayCaller {
  url(): string;
  token(claims: CallerClaims): Promise<string>;
}

/** GATEWAY_URL (default the local gateway) and the configured caller key, as `npm run export` signs. */
export function gatewayCallerFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayCaller {
  const url = env.GATEWAY_URL ?? `http://127.0.0.1:${DEFAULT_PORTS.gateway}/graphql`;
  return { url: () => url, token: (claims) => signWithConfiguredKey(claims, '5m', env) };
}

/** The data subgraphs' URLs as the gateway is given them (PROFILE_URL...), defaulting to the local ports. */
export function peersFromEnv(env: NodeJS.ProcessEnv = process.env): Record<DataSubgraphName, string> {
  return Object.fromEntries(
    DATA_SUBGRAPH_NAMES.map((n) => [n, env[subgraphUrlVariable(n)] ?? `http://127.0.0.1:${DEFAULT_PORTS[n]}/graphql`]),
  ) as Record<DataSubgraphName, string>;
}
