/**
 * The stack under test: fresh bench databases seeded with the demo population, the four
 * subgraphs and the gateway on real HTTP in this process, the baseline's connections, and
 * tearing all of it down again whatever happened.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { signCallerToken } from '../../common/caller-token';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../../common/keys';
import { DEFAULT_LIMITS } from '../../gateway/limits';
import type { GatewayTarget } from './client';
import { SUBGRAPH_NAMES, dbConfigFromEnv, type DataSubgraphName, type DbConfig } from '../../common/config';
import { dropMysqlDatabases, listMysqlDatabases } from '../../common/datasource';
import { reseed } from '../../common/demo/seeding';
import type { SubgraphServer } from '../../common/subgraph-server';
import { SUBGRAPHS } from '../../subgraphs';
import { startLocalStack, type LocalStack } from '../local-stack';
import { mysqlReader, sqliteReader, type Reader } from './baseline';
import { log, type Options } from './cli';
import { errorMessage } from '../../common/errors';
import type { PrivacyPolicy } from '../../policies';

/** Fixed, so two runs with the same options read byte-identical data (same as the tests). */
export const BENCH_NOW = new Date('2026-11-01T00:00:00Z');

/** What the retention part changes (scripts/bench/retention.ts): the data's reference date, the policy. */
export interface StackVariant {
  now?: Date;
  policy?: PrivacyPolicy;
  /** The gateway's wait for a subgraph: a sweep over 200,000 subjects answers after minutes. */
  subgraphTimeoutMs?: number;
}
export const BENCH_PREFIX = 'dsg_bench';

export interface Stack {
  cfg: DbConfig;
  /** Each subgraph as soon as it exists, so that Ctrl-C during seeding still closes it. */
  servers: SubgraphServer[];
  local?: LocalStack;
  gateway?: GatewayTarget;
  /** The same gateway with a `dpo` token: the rights mutations are the DPO's. */
  dpo?: GatewayTarget;
  /** The same gateway as the subject themself (a `subject` token): their reads are not logged. */
  asSubject?: (subjectId: string) => Promise<GatewayTarget>;
  reader?: Reader;
}

/** The environment's database server and credentials, but databases (or a folder) of the bench's own. */
export function benchDbConfig(db: Options['db']): DbConfig {
  const base = dbConfigFromEnv();
  return db === 'mysql'
    ? { ...base, kind: 'mysql', databasePrefix: BENCH_PREFIX }
    : // Never the developer's ./data: a folder of its own, removed at the end.
      { ...base, kind: 'sqlite', sqliteDir: fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-bench-')) };
}

/** The databases of this bench's prefix (`npm run bench:scale` has its own, so the two never drop each other's). */
const listBenchDatabases = (cfg: DbConfig): Promise<string[]> => listMysqlDatabases(cfg, cfg.databasePrefix);

/** Safe to call twice (error, then Ctrl-C): each part is released once and failures are only reported. */
export async function teardown(stack: Stack): Promise<void> {
  const attempt = async (what: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (error) {
      log(`cleanup: ${what} failed: ${errorMessage(error)}`);
    }
  };
  const { local, reader } = stack;
  stack.local = undefined;
  stack.reader = undefined;
  if (local) await attempt('stopping the gateway and subgraphs', () => local.stop());
  if (reader) await attempt('closing the baseline connections', () => reader.close());
  // Stopping twice is harmless; these are the ones started before an interruption.
  for (const server of stack.servers.splice(0)) await attempt(`stopping ${server.name}`, () => server.stop());
  if (stack.cfg.kind === 'mysql') {
    await attempt('dropping the bench databases', async () =>
      dropMysqlDatabases(stack.cfg, await listBenchDatabases(stack.cfg)),
    );
  } else {
    await attempt('removing the bench SQLite files', async () =>
      fs.rmSync(stack.cfg.sqliteDir, { recursive: true, force: true }),
    );
  }
}

export async function startStack(options: Options, stack: Stack, variant: StackVariant = {}): Promise<void> {
  if (stack.cfg.kind === 'mysql') {
    const stale = await listBenchDatabases(stack.cfg);
    if (stale.length > 0) log(`dropping ${stale.length} leftover bench database(s): ${stale.join(', ')}`);
    await dropMysqlDatabases(stack.cfg, stale);
  }
  // Keys of its own, made for this run; the client is export tooling (a `service` token).
  const secret = randomBytes(32).toString('base64url');
  stack.local = await startLocalStack({
    db: stack.cfg,
    production: true,
    callerAuth: { key: { kind: 'secret', secret }, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE },
    internalSecret: randomBytes(32).toString('base64url'),
    policy: variant.policy,
    subgraphTimeoutMs: variant.subgraphTimeoutMs,
    // The bench measures throughput: the per-caller rate limits would only measure themselves.
    limits: {
      ...DEFAULT_LIMITS,
      requestsPerMinute: Number.MAX_SAFE_INTEGER,
      exportsPerMinute: Number.MAX_SAFE_INTEGER,
    },
    prepare: async (name, server) => {
      const started = performance.now();
      stack.servers.push(server);
      log(`seeding ${stack.servers.length}/${SUBGRAPH_NAMES.length}: ${name}, ${options.subjects} subjects...`);
      await reseed(SUBGRAPHS[name], server.db.dataSource, {
        subjects: options.subjects,
        now: variant.now ?? BENCH_NOW,
      });
      log(`  ${name} seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    },
  });
  // Caller tokens of this run's key: export tooling (`service`), the DPO, a subject themself.
  const sign = (claims: Parameters<typeof signCallerToken>[0]): Promise<string> =>
    signCallerToken(claims, { key: { kind: 'secret', secret }, expiresIn: '12h' });
  const gatewayUrl = stack.local.gatewayUrl;
  stack.gateway = { url: gatewayUrl, token: await sign({ sub: 'bench', roles: ['service'] }) };
  stack.dpo = { url: gatewayUrl, token: await sign({ sub: 'bench-dpo', roles: ['dpo'] }) };
  stack.asSubject = async (subjectId) => ({
    url: gatewayUrl,
    token: await sign({ sub: `bench-subject-${subjectId}`, roles: ['subject'], subjectId }),
  });
  stack.reader =
    stack.cfg.kind === 'mysql'
      ? mysqlReader(stack.cfg)
      : sqliteReader(
          Object.fromEntries(stack.servers.map((s) => [s.name, s.db.location])) as Record<DataSubgraphName, string>,
        );
}
