import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Role } from '../../common/access';
import { signCallerToken, type CallerClaims } from '../../common/caller-token';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, type CallerAuthConfig } from '../../common/keys';
import type { Limits } from '../../gateway/limits';
import type { GraphQLFormattedError } from 'graphql';
import { SUBGRAPH_NAMES, dbConfigFromEnv, type DbConfig, type SubgraphName } from '../../common/config';
import { dropMysqlDatabases, mysqlDatabaseName } from '../../common/datasource';
import { reseed } from '../../common/demo/seeding';
import type { GatewayServer } from '../../gateway/gateway';
import { startLocalStack, type RunningSubgraph } from '../../scripts/local-stack';
import { SUBGRAPHS } from '../../subgraphs';
import type { PrivacyPolicy } from '../../policies';

/** The reference date of the test population: fixed, so whole responses can be asserted. */
export const TEST_NOW = new Date('2026-11-01T00:00:00Z');

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

/** Who a test request is from: a role (with its subject or mentor), or a ready token, or nobody. */
export interface As {
  role?: Role;
  roles?: Role[];
  subjectId?: string;
  mentorId?: string;
  /** With the guardian role: the child the token is bound to. */
  childId?: string;
  sub?: string;
  /** A token as is (a forged one, say); `null`: no Authorization header at all. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface Stack {
  db: DbConfig;
  /** The secrets this stack was started with, for tests that mint or forge tokens. */
  secrets: { caller: string; internal: string };
  gateway: GatewayServer;
  gatewayUrl: string;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** POSTs a GraphQL request to the gateway, as a client would; as `dpo` unless told otherwise. */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    as?: As,
  ): Promise<GraphQLResponse<T>>;
  /** A caller token signed with this stack's key. */
  token(claims: Partial<CallerClaims> & { roles: Role[] }): Promise<string>;
  /** Clears SQL counters, subgraph operation logs and the gateway's call log. */
  resetCounters(): void;
  /** Statements per subgraph since the last reset. */
  sqlCounts(): Record<SubgraphName, number>;
  stop(): Promise<void>;
}

/**
 * A database configuration of its own for one test file: a temp folder (the DATA_DIR: SQLite
 * files, and the mail written as .eml files, on either database), and with MySQL uniquely
 * named databases.
 */
export function isolatedDbConfig(): DbConfig {
  const base = dbConfigFromEnv();
  const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-test-'));
  return base.kind === 'sqlite'
    ? { ...base, sqliteDir }
    : { ...base, sqliteDir, databasePrefix: `dsgt_${randomBytes(4).toString('hex')}` };
}

export async function postGraphQL<T>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLResponse<T>;
}

export type TokenFor = (claims: Partial<CallerClaims> & { roles: Role[] }) => Promise<string>;

/** Random keys for one stack, and a caller-token signer with its caller key. */
export function testSecrets(): { secrets: { caller: string; internal: string }; token: TokenFor } {
  const secrets = { caller: randomBytes(32).toString('base64url'), internal: randomBytes(32).toString('base64url') };
  const token: TokenFor = (claims) =>
    signCallerToken(
      { sub: `test-${claims.roles.join('-')}`, ...claims },
      { key: { kind: 'secret', secret: secrets.caller } },
    );
  return { secrets, token };
}

/** A client of the gateway at `gatewayUrl`: each request signed for the role asked (dpo by default). */
export function gatewayClient(gatewayUrl: string, token: TokenFor): Stack['query'] {
  return async (query, variables, as = {}) => {
    let bearer = as.token;
    if (bearer === undefined) {
      const roles = as.roles ?? [as.role ?? 'dpo'];
      bearer = await token({
        roles,
        subjectId: as.subjectId,
        mentorId: as.mentorId,
        childId: as.childId,
        ...(as.sub ? { sub: as.sub } : {}),
      });
    }
    return postGraphQL(gatewayUrl, query, variables, {
      ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
      ...as.headers,
    });
  };
}

/**
 * Real subgraphs (real databases, real HTTP on port 0) behind a real gateway, seeded with the
 * demo population of `subjects` subjects laid out from TEST_NOW.
 */
export async function startStack(
  options: {
    subjects?: number;
    production?: boolean;
    subgraphTimeoutMs?: number;
    limits?: Limits;
    policy?: PrivacyPolicy;
    /** The date the demo population is laid out from (default TEST_NOW). */
    seedNow?: Date;
    /** Add the request desk's demo cases (open, overdue, failed, held...), as npm start does. */
    deskCases?: boolean;
  } = {},
): Promise<Stack> {
  const db = isolatedDbConfig();
  const { secrets, token } = testSecrets();
  const callerAuth: CallerAuthConfig = {
    key: { kind: 'secret', secret: secrets.caller },
    issuer: DEFAULT_ISSUER,
    audience: DEFAULT_AUDIENCE,
  };
  const playground = await token({ roles: ['dpo'], sub: 'playground' });
  const local = await startLocalStack({
    db,
    production: options.production,
    subgraphTimeoutMs: options.subgraphTimeoutMs,
    callerAuth,
    internalSecret: secrets.internal,
    limits: options.limits,
    policy: options.policy,
    // As npm start does in development: the playground opens with a dpo token in its headers.
    playgroundToken: () => playground,
    prepare: (name, server) =>
      reseed(SUBGRAPHS[name], server.db.dataSource, {
        subjects: options.subjects ?? 12,
        now: options.seedNow ?? TEST_NOW,
        deskCases: options.deskCases,
      }),
  });
  const { subgraphs, gateway, gatewayUrl } = local;
  return {
    db,
    secrets,
    gateway,
    gatewayUrl,
    subgraphs,
    token,
    query: gatewayClient(gatewayUrl, token),
    resetCounters() {
      gateway.calls.length = 0;
      for (const s of Object.values(subgraphs)) {
        s.server.sql.reset();
        s.server.operations.length = 0;
      }
    },
    sqlCounts() {
      return Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, subgraphs[n].server.sql.total])) as Record<
        SubgraphName,
        number
      >;
    },
    async stop() {
      await local.stop();
      if (db.kind === 'mysql')
        await dropMysqlDatabases(
          db,
          SUBGRAPH_NAMES.map((n) => mysqlDatabaseName(db, n)),
        );
      fs.rmSync(db.sqliteDir, { recursive: true, force: true });
    },
  };
}
