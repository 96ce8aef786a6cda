/** The longest statements of a run, as MariaDB's own slow log times them. */
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { DbConfig } from '../../common/config';

/** The longest statement in the databases of `cfg` since a moment: its milliseconds and its shape. */
export type Longest = (since: Date) => Promise<[number, string]>;

/**
 * MariaDB's slow log, kept in a table and told to keep every statement, for the bench's
 * databases only when read back; the server's settings are put back as they were.
 */
export async function withSlowLog<T>(cfg: DbConfig, work: (longest: Longest) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({
    host: cfg.mysql.host,
    port: cfg.mysql.port,
    user: cfg.mysql.user,
    password: cfg.mysql.password,
  });
  const [before] = await conn.query<RowDataPacket[]>(
    'SELECT @@GLOBAL.slow_query_log AS s, @@GLOBAL.long_query_time AS t, @@GLOBAL.log_output AS o',
  );
  try {
    await conn.query("SET GLOBAL log_output = 'TABLE', GLOBAL long_query_time = 0, GLOBAL slow_query_log = 1");
    await conn.query('TRUNCATE TABLE mysql.slow_log');
    return await work(async (since) => {
      const [rows] = await conn.query<RowDataPacket[]>(
        `SELECT TIME_TO_SEC(query_time) * 1000 AS ms, LEFT(CONVERT(sql_text USING utf8mb4), 400) AS q FROM mysql.slow_log
          WHERE db LIKE ? AND start_time >= ? AND sql_text NOT LIKE 'SELECT GET_LOCK%'
          ORDER BY query_time DESC LIMIT 1`,
        [`${cfg.databasePrefix}%`, since],
      );
      // Values masked: the statement's shape is what the table shows.
      const text = String(rows[0]?.q ?? '')
        .replace(/\s+/g, ' ')
        .replace(/'[^']*'?/g, "'?'");
      return [Number(rows[0]?.ms ?? 0), text];
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

/** The server's InnoDB buffer pool for a run: its size before, and the size the run had. */
export interface BufferPool {
  beforeMiB: number;
  duringMiB: number;
}

/**
 * Runs `work` with InnoDB's buffer pool at least `bytes` (decision 321: a server holding
 * 200,000 subjects is sized for them; MariaDB's default of 128 MiB is a laptop's), put back as
 * it was after. MariaDB resizes it online, in the background: this waits until it is done.
 */
export async function withBufferPool<T>(
  cfg: DbConfig,
  bytes: number,
  work: (pool: BufferPool) => Promise<T>,
): Promise<T> {
  const conn = await mysql.createConnection({
    host: cfg.mysql.host,
    port: cfg.mysql.port,
    user: cfg.mysql.user,
    password: cfg.mysql.password,
  });
  const size = async (): Promise<number> => {
    const [rows] = await conn.query<RowDataPacket[]>('SELECT @@GLOBAL.innodb_buffer_pool_size AS b');
    return Number(rows[0]?.b ?? 0);
  };
  const resize = async (to: number): Promise<void> => {
    await conn.query('SET GLOBAL innodb_buffer_pool_size = ?', [to]);
    for (let i = 0; i < 600; i += 1) {
      const [rows] = await conn.query<RowDataPacket[]>("SHOW STATUS LIKE 'Innodb_buffer_pool_resize_status'");
      const status = String(rows[0]?.Value ?? '');
      if (status === '' || /completed|finished/i.test(status)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const before = await size();
  try {
    if (before < bytes) await resize(bytes);
    return await work({ beforeMiB: before / 2 ** 20, duringMiB: (await size()) / 2 ** 20 });
  } finally {
    if ((await size()) !== before) await resize(before);
    await conn.end();
  }
}
