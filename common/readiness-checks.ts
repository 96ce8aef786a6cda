/**
 * What a subgraph checks before it says it is ready, and what the gateway checks of the
 * subgraphs. Each is a ReadinessCheck (common/readiness.ts): a name for the answer, a function
 * that rejects when the thing is missing.
 */
import type { DataSource } from 'typeorm';
import { migrationStatus } from './migration-status';
import { readSecret } from './secrets';
import { redisPing } from './redis-ping';
import type { ReadinessCheck } from './readiness';
import { uncounted } from './sql-counter';

/**
 * How long the gateway waits for a subgraph's `/ready`: longer than the subgraph's own checks
 * (CHECK_TIMEOUT_MS), so that it hears "not ready, database" rather than nothing.
 */
export const READY_PROBE_TIMEOUT_MS = 2500;

/** Statements of a probe are nobody's request: the tests that count a request's SQL must not see them. */
function query(dataSource: DataSource, sql: string): Promise<Array<Record<string, unknown>>> {
  return uncounted(() => dataSource.query<Array<Record<string, unknown>>>(sql));
}

/**
 * The database answers a trivial statement. A destroyed pool, a refused login or an unreachable
 * server all fail here; a server that hangs fails by the check's timeout.
 */
export function databaseCheck(dataSource: DataSource): ReadinessCheck {
  return {
    name: 'database',
    async check() {
      await query(dataSource, 'SELECT 1 AS ok');
    },
  };
}

/**
 * No migration of this code is missing from the database. The service runs them at start, so a
 * pending one means the database was swapped or restored under a running service: serving
 * would then read columns that are not there.
 */
export function migrationsCheck(dataSource: DataSource): ReadinessCheck {
  return {
    name: 'migrations',
    after: 'database',
    async check() {
      const kind = dataSource.options.type === 'mysql' ? 'mysql' : 'sqlite';
      const defined = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
      const { pending } = await migrationStatus((sql) => query(dataSource, sql), kind, defined);
      if (pending.length > 0) throw Object.assign(new Error('pending'), { code: 'PENDING' });
    },
  };
}

/**
 * Services outside the database a service depends on, each only when configured: today Redis
 * (REDIS_URL, or REDIS_URL_FILE), where the gateways keep their shared rate limits. A new
 * dependency adds its check here.
 */
export function dependencyChecks(env: NodeJS.ProcessEnv = process.env): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [];
  const redisUrl = readSecret('REDIS_URL', env);
  if (redisUrl) checks.push({ name: 'redis', check: (signal) => redisPing(redisUrl, signal) });
  return checks;
}

/** A subgraph answers 200 on its `/ready` (the URL is its GraphQL URL with `/ready` for `/graphql`). */
export function subgraphReadyCheck(name: string, graphqlUrl: () => string): ReadinessCheck {
  return {
    name,
    async check(signal) {
      const url = graphqlUrl().replace(/\/graphql\/?$/, '/ready');
      const res = await fetch(url, { signal });
      await res.body?.cancel();
      if (res.status !== 200) throw Object.assign(new Error('not ready'), { code: `HTTP_${res.status}` });
    },
  };
}
