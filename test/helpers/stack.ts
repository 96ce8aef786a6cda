import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import { SUBGRAPH_NAMES, dbConfigFromEnv, type DbConfig, type SubgraphName } from '../../common/config';
import { dropMysqlDatabases, mysqlDatabaseName } from '../../common/datasource';
import { reseed } from '../../common/demo/seeding';
import type { Listening } from '../../common/http';
import { buildSubgraphServer, type SubgraphServer } from '../../common/subgraph-server';
import { buildGateway, type GatewayServer } from '../../gateway/gateway';
import { SUBGRAPHS } from '../../subgraphs';

/** The reference date of the test population: fixed, so whole responses can be asserted. */
export const TEST_NOW = new Date('2026-11-01T00:00:00Z');

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

export interface RunningSubgraph {
  server: SubgraphServer;
  listening: Listening;
}

export interface Stack {
  db: DbConfig;
  gateway: GatewayServer;
  gatewayUrl: string;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** POSTs a GraphQL request to the gateway, as a client would. */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Clears SQL counters, subgraph operation logs and the gateway's call log. */
  resetCounters(): void;
  /** Statements per subgraph since the last reset. */
  sqlCounts(): Record<SubgraphName, number>;
  stop(): Promise<void>;
}

/** A database configuration of its own for one test file: a temp folder, or uniquely named MySQL databases. */
export function isolatedDbConfig(): DbConfig {
  const base = dbConfigFromEnv();
  return base.kind === 'sqlite'
    ? { ...base, sqliteDir: fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-test-')) }
    : { ...base, databasePrefix: `dsgt_${randomBytes(4).toString('hex')}` };
}

export async function postGraphQL<T>(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as GraphQLResponse<T>;
}

/**
 * Real subgraphs (real databases, real HTTP on port 0) behind a real gateway, seeded with the
 * demo population of `subjects` subjects laid out from TEST_NOW.
 */
export async function startStack(options: { subjects?: number; production?: boolean; subgraphTimeoutMs?: number } = {}): Promise<Stack> {
  const db = isolatedDbConfig();
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  const urls: Record<string, string> = {};
  let gateway: GatewayServer | undefined;
  let listening: Listening;
  try {
    for (const name of SUBGRAPH_NAMES) {
      const server = await buildSubgraphServer(SUBGRAPHS[name], { db, production: options.production });
      subgraphs[name] = { server, listening: await server.listen(0) };
      await reseed(SUBGRAPHS[name], server.db.dataSource, { subjects: options.subjects ?? 12, now: TEST_NOW });
      urls[name] = `${subgraphs[name].listening.url}/graphql`;
    }
    gateway = await buildGateway({ subgraphUrls: urls, production: options.production, subgraphTimeoutMs: options.subgraphTimeoutMs });
    listening = await gateway.listen(0);
  } catch (error) {
    // Half a stack left open would keep jest from ever exiting.
    await gateway?.stop().catch(() => undefined);
    for (const s of Object.values(subgraphs)) await s.server.stop().catch(() => undefined);
    throw error;
  }
  const gatewayUrl = `${listening.url}/graphql`;
  const stack: Stack = {
    db,
    gateway: gateway as GatewayServer,
    gatewayUrl,
    subgraphs,
    query: (query, variables) => postGraphQL(gatewayUrl, query, variables),
    resetCounters() {
      if (gateway) gateway.calls.length = 0;
      for (const s of Object.values(subgraphs)) {
        s.server.sql.reset();
        s.server.operations.length = 0;
      }
    },
    sqlCounts() {
      return Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, subgraphs[n].server.sql.total])) as Record<SubgraphName, number>;
    },
    async stop() {
      await gateway?.stop();
      for (const s of Object.values(subgraphs)) await s.server.stop().catch(() => undefined);
      if (db.kind === 'mysql') await dropMysqlDatabases(db, SUBGRAPH_NAMES.map((n) => mysqlDatabaseName(db, n)));
      else fs.rmSync(db.sqliteDir, { recursive: true, force: true });
    },
  };
  return stack;
}
