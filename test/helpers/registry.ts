import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DATA_SUBGRAPH_NAMES, type DataSubgraphName } from '../../common/config';
import { POLICIES, type PrivacyPolicy } from '../../policies';
import type { RequestTypes } from '../../subgraphs/requests/ledger/registry';
import { ledgerFor } from '../../subgraphs/requests/requests.runtime';
import { DEFAULT_CHUNK_MS, DEFAULT_CHUNK_ROWS } from '../../common/privacy-contract/retention.settings';

/**
 * The request types as the `requests` service registers them, composed by its own composition
 * root over a database that is never opened (registering does no I/O): for unit tests of what
 * each type says (its legs, its first leg, its waits).
 */
export function registeredTypes(policy: PrivacyPolicy = POLICIES.ophelantyra): RequestTypes {
  const unopened = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
  const peers = Object.fromEntries(DATA_SUBGRAPH_NAMES.map((n) => [n, `http://127.0.0.1:9/${n}`])) as Record<
    DataSubgraphName,
    string
  >;
  return ledgerFor(unopened, {
    policy,
    production: false,
    dataDir: '/nonexistent',
    internalKey: randomBytes(32),
    peers,
    retention: { chunkRows: DEFAULT_CHUNK_ROWS, chunkMs: DEFAULT_CHUNK_MS, exitAfterChunks: null },
  }).ledger.types;
}
