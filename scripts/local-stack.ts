/**
 * The four subgraphs and the gateway in one process, wired to each other over real HTTP:
 * what `npm start` runs, what every end-to-end test starts on port 0, and what the benchmark
 * measures. Production runs each as its own process instead (docker-compose.yml).
 */
import 'reflect-metadata';
import {
  DATA_SUBGRAPH_NAMES,
  SUBGRAPH_NAMES,
  type DataSubgraphName,
  type DbConfig,
  type SubgraphName,
} from '../common/config';
import type { PrivacyPolicy } from '../policies';
import type { Listening } from '../common/http';
import type { CallerAuthConfig } from '../common/keys';
import type { Limits } from '../gateway/limits';
import { buildSubgraphServer, type SubgraphServer } from '../common/subgraph-server';
import { buildGateway, type GatewayServer } from '../gateway/gateway';
import { SUBGRAPHS } from '../subgraphs';
import { gatewayCallerFromEnv, type GatewayCaller } from '../common/peers';
import { signCallerToken } from '../common/caller-token';

export interface RunningSubgraph {
  server: SubgraphServer;
  listening: Listening;
}

export interface LocalStack {
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  gateway: GatewayServer;
  gatewayUrl: string;
  /** Every `/ready` answers 503 from now on (the first step of a graceful stop). */
  markStopping(): void;
  /**
   * Gateway first, then each subgraph (servers, then pools); safe to call twice. `graceMs`: how
   * long requests under way may take to finish (0, the tests' default: cut at once).
   */
  stop(graceMs?: number): Promise<void>;
}

export interface LocalStackOptions {
  db: DbConfig;
  production?: boolean;
  subgraphTimeoutMs?: number;
  /** Ports to listen on; 0 or absent: any free port. */
  ports?: Partial<Record<SubgraphName | 'gateway', number>>;
  /** Keys and limits (default: from the environment, see common/keys.ts and gateway/limits/limits.config.ts). */
  callerAuth?: CallerAuthConfig;
  internalSecret?: string;
  limits?: Limits;
  /** The policy every subgraph honours (default: POLICY from the environment). */
  policy?: PrivacyPolicy;
  /** Asked once the subgraphs are up (so it may depend on their data). */
  playgroundToken?: () => string | undefined;
  /** Runs once a subgraph's database is open, before it listens: seeding, say. */
  prepare?: (name: SubgraphName, server: SubgraphServer) => Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const started: SubgraphServer[] = [];
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  let gateway: GatewayServer | undefined;
  const markStopping = (): void => {
    gateway?.markStopping();
    for (const server of started) server.markStopping();
  };
  const stop = async (graceMs = 0): Promise<void> => {
    markStopping();
    // The gateway drains first: its requests under way still need the subgraphs.
    await gateway?.stop(graceMs).catch(() => undefined);
    for (const server of started) await server.stop(graceMs).catch(() => undefined);
  };
  try {
    // SUBGRAPH_NAMES ends with `requests`: the data subgraphs listen before it is given their URLs.
    let peers: Record<DataSubgraphName, string> | undefined;
    // The access-package worker asks the gateway, which listens last: its URL is read when needed.
    let gatewayUrl = '';
    const gatewayCaller = stackGatewayCaller(options, () => gatewayUrl);
    for (const name of SUBGRAPH_NAMES) {
      if (name === 'requests')
        peers = Object.fromEntries(
          DATA_SUBGRAPH_NAMES.map((n) => [n, `${subgraphs[n].listening.url}/graphql`]),
        ) as Record<DataSubgraphName, string>;
      const server = await buildSubgraphServer(SUBGRAPHS[name], {
        db: options.db,
        production: options.production,
        internalSecret: options.internalSecret,
        policy: options.policy,
        peers,
        gateway: gatewayCaller,
      });
      started.push(server);
      await options.prepare?.(name, server);
      subgraphs[name] = { server, listening: await server.listen(options.ports?.[name] ?? 0) };
    }
    const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, `${subgraphs[n].listening.url}/graphql`]));
    gateway = await buildGateway({
      subgraphUrls,
      policy: options.policy?.id,
      production: options.production,
      subgraphTimeoutMs: options.subgraphTimeoutMs,
      callerAuth: options.callerAuth,
      internalSecret: options.internalSecret,
      limits: options.limits,
      playgroundToken: options.playgroundToken?.(),
    });
    const listening = await gateway.listen(options.ports?.gateway ?? 0);
    gatewayUrl = `${listening.url}/graphql`;
    return { subgraphs, gateway, gatewayUrl, markStopping, stop };
  } catch (error) {
    // Half a stack left open would keep the process (or jest) from ever exiting.
    await stop();
    throw error;
  }
}

/** The gateway of this stack, as the `requests` service calls it: signed with the stack's caller key. */
function stackGatewayCaller(options: LocalStackOptions, url: () => string): GatewayCaller {
  const key = options.callerAuth?.key;
  if (key?.kind !== 'secret') return { ...gatewayCallerFromEnv(), url };
  const { issuer, audience } = options.callerAuth ?? {};
  return {
    url,
    token: (claims) => signCallerToken(claims, { key, issuer, audience, expiresIn: '5m' }),
  };
}
