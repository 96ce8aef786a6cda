import { DATA_SUBGRAPH_NAMES, type DataSubgraphName } from '../../common/config';
import { secretKey } from '../../common/internal-token';
import { chunkSettingsFromEnv } from '../../common/privacy-contract/retention.settings';
import type { SubgraphRuntime } from '../../common/subgraph-server';
import { POLICIES, type PrivacyPolicy } from '../../policies';
import { runningLedger, type RequestsRuntime } from '../../subgraphs/requests/requests.runtime';
import type { Stack } from './stack';

/** What the `requests` service of this stack runs with: its policy, keys and the data subgraphs' URLs. */
export function runtimeOf(stack: Stack, policy: PrivacyPolicy = POLICIES.ophelantyra): SubgraphRuntime {
  return {
    policy,
    production: false,
    dataDir: stack.db.sqliteDir,
    retention: chunkSettingsFromEnv(),
    internalKey: secretKey(stack.secrets.internal, 'INTERNAL_TOKEN_SECRET'),
    peers: Object.fromEntries(
      DATA_SUBGRAPH_NAMES.map((n) => [n, `${stack.subgraphs[n].listening.url}/graphql`]),
    ) as Record<DataSubgraphName, string>,
  };
}

/**
 * The ledger the stack's `requests` service runs (the same instance, with the settings the service
 * started with), for tests that drive its worker by hand.
 */
export function ledgerOf(stack: Stack): RequestsRuntime {
  const ledger = runningLedger(stack.subgraphs.requests.server.db.dataSource);
  if (!ledger) throw new Error('the requests service of this stack has made no ledger');
  return ledger;
}
