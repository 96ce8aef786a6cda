/**
 * A subgraph's database opened to read and nothing else, for `npm run diagnose`: SQLite in
 * read-only mode (a missing file is reported, not created), MySQL in a READ ONLY transaction.
 * No TypeORM: opening a DataSource runs nothing, but the migrations check must not create the
 * `migrations` table either (common/migration-status.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { mysqlDatabaseName } from '../../common/datasource';
import type { DbConfig, DbKind, SubgraphName } from '../../common/config';

export type Row = Record<string, unknown>;

export interface ReadOnlyDb {
  kind: DbKind;
  /** A file path, or mysql://host:port/database: never a user nor a password. */
  location: string;
  /** SQLite 3.x / MariaDB 10.11.x...: the engine, for the ticket. */
  version(): Promise<string>;
  query(sql: string, params?: Array<string | number>): Promise<Row[]>;
  close(): Promise<void>;
}

export function locationOf(cfg: DbConfig, subgraph: SubgraphName): string {
  return cfg.kind === 'sqlite'
    ? path.join(cfg.sqliteDir, `${subgraph}.sqlite`)
    : `mysql://${cfg.mysql.host}:${cfg.mysql.port}/${mysqlDatabaseName(cfg, subgraph)}`;
}

export class NoDatabaseFile extends Error {
  readonly code = 'NO_DATABASE_FILE';
}

/** Opens it, or throws an error whose `code` says why (ENOENT-like NO_DATABASE_FILE, ECONNREFUSED, ER_...). */
export async function openReadOnly(cfg: DbConfig, subgraph: SubgraphName): Promise<ReadOnlyDb> {
  const location = locationOf(cfg, subgraph);
  if (cfg.kind === 'sqlite') {
    if (!fs.existsSync(location)) throw new NoDatabaseFile('no database file');
    const db = new Database(location, { readonly: true, fileMustExist: true });
    // A write the service is doing holds the file a moment: wait for it rather than fail.
    db.pragma('busy_timeout = 5000');
    return {
      kind: 'sqlite',
      location,
      version: () => Promise.resolve(`SQLite ${(db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v}`),
      query: (sql, params = []) => Promise.resolve(db.prepare(sql).all(...params) as Row[]),
      close: () => Promise.resolve(void db.close()),
    };
  }
  const conn = await mysql.createConnection({
    host: cfg.mysql.host,
    port: cfg.mysql.port,
    user: cfg.mysql.user,
    password: cfg.mysql.password,
    database: mysqlDatabaseName(cfg, subgraph),
    connectTimeout: 5000,
    // Dates as the server holds them (UTC, timezone 'Z' as the services write them), not as Date objects.
    dateStrings: true,
    timezone: 'Z',
  });
  await conn.query('START TRANSACTION READ ONLY');
  return {
    kind: 'mysql',
    location,
    async version() {
      const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');
      const v = String(rows[0].v);
      return `${/mariadb/i.test(v) ? 'MariaDB' : 'MySQL'} ${v.replace(/-.*$/, '')}`;
    },
    async query(sql, params = []) {
      const [rows] = await conn.query<mysql.RowDataPacket[]>(sql, params);
      return rows;
    },
    async close() {
      await conn.query('ROLLBACK').catch(() => undefined);
      await conn.end();
    },
  };
}
