import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2';
import type { Connection as ServerConnection, RowDataPacket } from 'mysql2/promise';
import { DataSource, type MixedList } from 'typeorm';
import type { DbConfig, SubgraphName } from './config';
import { SqlCounter } from './sql-counter';
import { CoalescedReads, coalescedReadsOf, registerCoalescedReads } from './coalesced-reads';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type ClassList = MixedList<Function | string>;

export interface SubgraphDatabase {
  dataSource: DataSource;
  sql: SqlCounter;
  /** Where the data lives, for logs: a file path or a database name. Never contains a password. */
  location: string;
}

/** A MySQL data source that closes its coalesced reads' pool (coalesced-reads.ts) with its own. */
class MysqlDataSource extends DataSource {
  override async destroy(): Promise<void> {
    await coalescedReadsOf(this)?.close();
    return super.destroy();
  }
}

/** Pool size of a subgraph's database; its coalesced reads have a pool of the same size beside it. */
const POOL_SIZE = 10;

export function mysqlDatabaseName(cfg: DbConfig, subgraph: string): string {
  return `${cfg.databasePrefix}_${subgraph}`;
}

/**
 * Opens the database of one subgraph (database per service) and brings its schema up to
 * date with the subgraph's migrations. `synchronize` is never used: the schema is what the
 * migrations say, on SQLite and on MySQL alike.
 */
export async function openSubgraphDatabase(
  subgraph: SubgraphName | 'requests',
  cfg: DbConfig,
  entities: ClassList,
  migrations: ClassList,
): Promise<SubgraphDatabase> {
  const sql = new SqlCounter(cfg.kind);
  let dataSource: DataSource;
  let location: string;
  if (cfg.kind === 'sqlite') {
    fs.mkdirSync(cfg.sqliteDir, { recursive: true });
    location = path.join(cfg.sqliteDir, `${subgraph}.sqlite`);
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: location,
      entities,
      migrations,
      logger: sql,
      logging: true,
      // Statements over 1 ms reach the counter's logQuerySlow: it keeps the longest (bench).
      maxQueryExecutionTime: 1,
      // WAL lets the seed and a running server share the file; foreign keys are off by
      // default in SQLite and we want the same integrity as on MySQL.
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
      },
    });
  } else {
    const database = mysqlDatabaseName(cfg, subgraph);
    location = `mysql://${cfg.mysql.host}:${cfg.mysql.port}/${database}`;
    await ensureMysqlDatabase(cfg, database);
    // What both pools connect with: the same server, database and session (so rows read either
    // way are the same values). utf8mb4: names with emoji and CJK must round-trip; dates in UTC.
    const server = {
      host: cfg.mysql.host,
      port: cfg.mysql.port,
      password: cfg.mysql.password,
      database,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
    };
    dataSource = new MysqlDataSource({
      type: 'mysql',
      ...server,
      username: cfg.mysql.user,
      entities,
      migrations,
      logger: sql,
      logging: true,
      // Statements over 1 ms reach the counter's logQuerySlow: it keeps the longest (bench).
      maxQueryExecutionTime: 1,
      poolSize: POOL_SIZE,
      // No stack captured at every query's call site ("long stack traces"): 3-4% of a data
      // subgraph's CPU per export (decision 283). An error keeps its message and code.
      trace: false,
    });
    // The rest as TypeORM gives its own pool (MysqlDriver.createConnectionOptions): big numbers as strings.
    const pooled = {
      ...server,
      user: cfg.mysql.user,
      supportBigNumbers: true,
      bigNumberStrings: true,
      stringifyObjects: true,
      connectionLimit: POOL_SIZE,
    };
    registerCoalescedReads(dataSource, new CoalescedReads(pooled, sql));
  }
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  sql.reset();
  return { dataSource, sql, location };
}

/**
 * A short-lived server-level connection, for creating and dropping databases. Made with mysql2's
 * callback API and wrapped (`promise()`), not from `mysql2/promise`: loading that entry point
 * before the pools' first query makes every query pay a full module resolution, because mysql2
 * requires its promise wrapper at each query and Node caches that lookup only for the module
 * that loaded the wrapper first (about 5 µs a query, 3 to 4% of a data subgraph's CPU under the
 * erasure load, decision 313).
 */
async function withServerConnection(cfg: DbConfig, work: (conn: ServerConnection) => Promise<void>): Promise<void> {
  const conn = mysql
    .createConnection({
      host: cfg.mysql.host,
      port: cfg.mysql.port,
      user: cfg.mysql.user,
      password: cfg.mysql.password,
    })
    .promise();
  try {
    await work(conn);
  } finally {
    await conn.end();
  }
}

export function ensureMysqlDatabase(cfg: DbConfig, database: string): Promise<void> {
  return withServerConnection(cfg, async (conn) => {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  });
}

export function dropMysqlDatabases(cfg: DbConfig, databases: string[]): Promise<void> {
  return withServerConnection(cfg, async (conn) => {
    for (const db of databases) await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
  });
}

/** The databases whose name starts with `${prefix}_`: the test or bench databases to clean up. */
export async function listMysqlDatabases(cfg: DbConfig, prefix: string): Promise<string[]> {
  let names: string[] = [];
  await withServerConnection(cfg, async (conn) => {
    const [rows] = await conn.query<RowDataPacket[]>('SHOW DATABASES LIKE ?', [`${prefix.replace(/_/g, '\\_')}\\_%`]);
    names = rows.map((r) => String(Object.values(r)[0]));
  });
  return names;
}
