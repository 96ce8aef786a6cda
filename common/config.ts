/**
 * Runtime configuration shared by the gateway and every subgraph, read from the environment:
 * subgraph names, ports and URLs, the database, production or not. `npm start`, the
 * docker-compose services and the tests agree on these names and defaults. Settings of one part
 * are read beside it (gateway/limits/limits.config.ts, subgraphs/requests/ledger/ledger.settings.ts,
 * common/keys.ts, policies/index.ts), numbers through positiveIntegerSettings below.
 */
import path from 'node:path';
import { readSecret } from './secrets';

/** The subgraphs holding a subject's data: what an export reads and a right fans out to. */
export const DATA_SUBGRAPH_NAMES = ['profile', 'sessions', 'billing', 'support'] as const;
/** Every subgraph: the data ones, and `requests` (access log, rights-request ledger). */
export const SUBGRAPH_NAMES = [...DATA_SUBGRAPH_NAMES, 'requests'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];
export type DataSubgraphName = (typeof DATA_SUBGRAPH_NAMES)[number];

/** The variable that says where a subgraph listens (PROFILE_URL...): the gateway and `requests` read it. */
export function subgraphUrlVariable(name: SubgraphName): string {
  return `${name.toUpperCase()}_URL`;
}

/** Default ports: gateway 4000, then one per subgraph in the order above. */
export const DEFAULT_PORTS: Record<SubgraphName | 'gateway', number> = {
  gateway: 4000,
  profile: 4001,
  sessions: 4002,
  billing: 4003,
  support: 4004,
  requests: 4005,
};

export type DbKind = 'sqlite' | 'mysql';

export interface DbConfig {
  kind: DbKind;
  /** Folder of the SQLite files (one file per subgraph). */
  sqliteDir: string;
  /** Prefix of the MySQL database names: `${prefix}_${subgraph}`. */
  databasePrefix: string;
  mysql: { host: string; port: number; user: string; password: string };
}

export function dbConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  const kind = (env.DB ?? 'sqlite').toLowerCase();
  if (kind !== 'sqlite' && kind !== 'mysql') {
    throw new Error(`DB must be "sqlite" or "mysql", not "${kind}"`);
  }
  const databasePrefix = env.DB_PREFIX ?? 'dsg';
  // It becomes part of database names written into DDL: letters, digits and _ only.
  if (!/^[A-Za-z][A-Za-z0-9_]{0,40}$/.test(databasePrefix)) {
    throw new Error('DB_PREFIX must start with a letter and hold only letters, digits and _ (41 at most)');
  }
  return {
    kind,
    sqliteDir: path.resolve(env.DATA_DIR ?? 'data'),
    databasePrefix,
    mysql: {
      host: env.MYSQL_HOST ?? '127.0.0.1',
      port: Number(env.MYSQL_PORT ?? 3306),
      user: env.MYSQL_USER ?? 'root',
      password: readSecret('MYSQL_PASSWORD', env) ?? '',
    },
  };
}

/**
 * The environment that `dbConfigFromEnv` reads back as `cfg`: what a script, a test or the
 * benchmark gives a service it starts as a process of its own, so that it opens the same databases.
 */
export function dbConfigEnv(cfg: DbConfig): Record<string, string> {
  return {
    DB: cfg.kind,
    DATA_DIR: cfg.sqliteDir,
    DB_PREFIX: cfg.databasePrefix,
    MYSQL_HOST: cfg.mysql.host,
    MYSQL_PORT: String(cfg.mysql.port),
    MYSQL_USER: cfg.mysql.user,
    MYSQL_PASSWORD: cfg.mysql.password,
  };
}

export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}

/**
 * Numeric settings from the environment: each variable, when set, is a positive whole number
 * written in digits ("1000"; surrounding spaces ignored). "1e3", "0x10", "-5", "1.5" and "ten"
 * stop the start with the variable's name: a typo in a limit or a retry setting must not
 * quietly become another number. Unset or empty keeps the default.
 */
export function positiveIntegerSettings<K extends string>(
  env: NodeJS.ProcessEnv,
  variables: Record<K, string>,
  defaults: Record<K, number>,
): Record<K, number> {
  const settings = { ...defaults };
  for (const key of Object.keys(variables) as K[]) {
    const raw = env[variables[key]]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1)
      throw new Error(`${variables[key]} must be a positive integer, not "${raw}"`);
    settings[key] = value;
  }
  return settings;
}
