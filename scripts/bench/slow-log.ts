/** The longest statements of a run, as MariaDB's own slow log times them. */
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { DbConfig } from '../../common/config';
import { percentile } from './measure';

/** The longest statement in the databases of `cfg` since a moment, as the slow log timed it. */
export interface LongestStatement {
  ms: number;
  /** The rows the server read for it (the slow log's `rows_examined`): the work it did. */
  rowsExamined: number;
  /** Its text, values masked: its shape. */
  text: string;
  /** The most rows any one statement read in that time (the longest need not be the one). */
  mostRowsExamined: number;
  /** Statements in that time, and the 99th and 99.9th percentiles of their time (ms): the tail below the longest. */
  count: number;
  p99Ms: number;
  p999Ms: number;
}
export type Longest = (since: Date) => Promise<LongestStatement>;

/** A connection to the bench's server, no database chosen: for its global settings and status. */
function serverConnection(cfg: DbConfig): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: cfg.mysql.host,
    port: cfg.mysql.port,
    user: cfg.mysql.user,
    password: cfg.mysql.password,
  });
}

/**
 * MariaDB's slow log, kept in a table and told to keep every statement, for the bench's
 * databases only when read back; the server's settings are put back as they were.
 */
export async function withSlowLog<T>(cfg: DbConfig, work: (longest: Longest) => Promise<T>): Promise<T> {
  const conn = await serverConnection(cfg);
  const [before] = await conn.query<RowDataPacket[]>(
    'SELECT @@GLOBAL.slow_query_log AS s, @@GLOBAL.long_query_time AS t, @@GLOBAL.log_output AS o',
  );
  try {
    await conn.query("SET GLOBAL log_output = 'TABLE', GLOBAL long_query_time = 0, GLOBAL slow_query_log = 1");
    await conn.query('TRUNCATE TABLE mysql.slow_log');
    return await work(async (since) => {
      const [rows] = await conn.query<RowDataPacket[]>(
        `SELECT TIME_TO_SEC(query_time) * 1000 AS ms, rows_examined AS re, LEFT(CONVERT(sql_text USING utf8mb4), 400) AS q FROM mysql.slow_log
          WHERE db LIKE ? AND start_time >= ? AND sql_text NOT LIKE 'SELECT GET_LOCK%' AND sql_text NOT LIKE 'INSERT INTO contract_lock%'
          ORDER BY query_time DESC LIMIT 1`,
        [`${cfg.databasePrefix}%`, since],
      );
      // Values masked: the statement's shape is what the table shows.
      const text = String(rows[0]?.q ?? '')
        .replace(/\s+/g, ' ')
        .replace(/'[^']*'?/g, "'?'");
      const [most] = await conn.query<RowDataPacket[]>(
        `SELECT MAX(rows_examined) AS re FROM mysql.slow_log WHERE db LIKE ? AND start_time >= ?`,
        [`${cfg.databasePrefix}%`, since],
      );
      const [all] = await conn.query<RowDataPacket[]>(
        `SELECT TIME_TO_SEC(query_time) * 1000 AS ms FROM mysql.slow_log
          WHERE db LIKE ? AND start_time >= ? AND sql_text NOT LIKE 'SELECT GET_LOCK%' AND sql_text NOT LIKE 'INSERT INTO contract_lock%' ORDER BY query_time`,
        [`${cfg.databasePrefix}%`, since],
      );
      // Sorted by the query (ORDER BY query_time): nearest rank, as the bench's other percentiles.
      const times = all.map((r) => Number(r.ms));
      const rank = (p: number): number => percentile(times, p) ?? 0;
      return {
        ms: Number(rows[0]?.ms ?? 0),
        rowsExamined: Number(rows[0]?.re ?? 0),
        text,
        mostRowsExamined: Number(most[0]?.re ?? 0),
        count: times.length,
        p99Ms: rank(99),
        p999Ms: rank(99.9),
      };
    });
  } finally {
    const b = before[0];
    await conn.query('SET GLOBAL slow_query_log = ?, GLOBAL long_query_time = ?, GLOBAL log_output = ?', [
      b.s,
      b.t,
      b.o,
    ]);
    await conn.end();
  }
}

/** The server's InnoDB sizes for a run (MiB): before, and during the run. */
export interface ServerSizing {
  pool: { beforeMiB: number; duringMiB: number };
  redoLog: { beforeMiB: number; duringMiB: number };
}

/** What a run asks of the server at least, in bytes. */
export interface SizingWanted {
  bufferPool: number;
  redoLog: number;
}

const VARIABLES = { bufferPool: 'innodb_buffer_pool_size', redoLog: 'innodb_log_file_size' } as const;

/**
 * Runs `work` with InnoDB's buffer pool and redo log at least the sizes asked (decisions 321
 * and 324: a server holding 200,000 subjects is sized for them; MariaDB's defaults, 128 MiB of
 * pool and 96 MiB of redo log, are a laptop's), each put back as it was after. MariaDB resizes
 * both online (the redo log since 10.9); the pool in the background, which this waits for.
 */
export async function withServerSizing<T>(
  cfg: DbConfig,
  wanted: SizingWanted,
  work: (sizing: ServerSizing) => Promise<T>,
): Promise<T> {
  const conn = await serverConnection(cfg);
  const size = async (which: keyof SizingWanted): Promise<number> => {
    const [rows] = await conn.query<RowDataPacket[]>(`SELECT @@GLOBAL.${VARIABLES[which]} AS b`);
    return Number(rows[0]?.b ?? 0);
  };
  const resize = async (which: keyof SizingWanted, to: number): Promise<void> => {
    await conn.query(`SET GLOBAL ${VARIABLES[which]} = ?`, [to]);
    if (which !== 'bufferPool') return;
    for (let i = 0; i < 600; i += 1) {
      const [rows] = await conn.query<RowDataPacket[]>("SHOW STATUS LIKE 'Innodb_buffer_pool_resize_status'");
      const status = String(rows[0]?.Value ?? '');
      if (status === '' || /completed|finished/i.test(status)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const which = Object.keys(VARIABLES) as Array<keyof SizingWanted>;
  const before = { bufferPool: await size('bufferPool'), redoLog: await size('redoLog') };
  const mib = (b: number): number => b / 2 ** 20;
  try {
    for (const w of which) if (before[w] < wanted[w]) await resize(w, wanted[w]);
    return await work({
      pool: { beforeMiB: mib(before.bufferPool), duringMiB: mib(await size('bufferPool')) },
      redoLog: { beforeMiB: mib(before.redoLog), duringMiB: mib(await size('redoLog')) },
    });
  } finally {
    for (const w of which) if ((await size(w)) !== before[w]) await resize(w, before[w]);
    await conn.end();
  }
}

/** How long the server took to come to rest, and what it had left to do when it started waiting. */
export interface AtRest {
  waitedMs: number;
  historyBefore: number;
  dirtyPagesBefore: number;
}

const status = async (conn: mysql.Connection, name: string): Promise<number> => {
  const [rows] = await conn.query<RowDataPacket[]>('SHOW GLOBAL STATUS LIKE ?', [name]);
  return Number(rows[0]?.Value ?? 0);
};

/**
 * Waits until InnoDB has purged what the bench's copies left (the history list) and written
 * their pages (dirty pages): a nightly sweep runs on a server at rest, not one still digesting
 * seven million rows copied the second before, whose purge and page flushing otherwise share the
 * two cores with the sweep's first statements (decision 328). Flushing is hurried meanwhile
 * (`innodb_max_dirty_pages_pct = 0`, put back after); at most `timeoutMs`.
 */
export async function waitForRest(cfg: DbConfig, timeoutMs = 300_000): Promise<AtRest> {
  const conn = await serverConnection(cfg);
  const [before] = await conn.query<RowDataPacket[]>(
    'SELECT @@GLOBAL.innodb_max_dirty_pages_pct AS p, @@GLOBAL.innodb_io_capacity AS c, @@GLOBAL.innodb_io_capacity_max AS m',
  );
  const started = performance.now();
  try {
    const historyBefore = await status(conn, 'Innodb_history_list_length');
    const dirtyPagesBefore = await status(conn, 'Innodb_buffer_pool_pages_dirty');
    // The page cleaner writes innodb_io_capacity pages a second (200 by default): a few
    // thousand pages a second on the bench's disk, for the wait only.
    await conn.query('SET GLOBAL innodb_io_capacity_max = 40000, GLOBAL innodb_io_capacity = 20000');
    await conn.query('SET GLOBAL innodb_max_dirty_pages_pct = 0');
    while (performance.now() - started < timeoutMs) {
      const history = await status(conn, 'Innodb_history_list_length');
      const dirty = await status(conn, 'Innodb_buffer_pool_pages_dirty');
      // A few pages stay dirty while the services' own loops write (the outbox, the schedule).
      if (history < 100 && dirty < 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    return { waitedMs: performance.now() - started, historyBefore, dirtyPagesBefore };
  } finally {
    const b = before[0];
    await conn.query('SET GLOBAL innodb_max_dirty_pages_pct = ?', [b?.p]);
    await conn.query('SET GLOBAL innodb_io_capacity = ?, GLOBAL innodb_io_capacity_max = ?', [b?.c, b?.m]);
    await conn.end();
  }
}
