/**
 * A large population from a seeded one, in SQL (MySQL/MariaDB): every row of a data subgraph's
 * tables copied `copies - 1` times, each copy a new subject. Seeding 200,000 subjects through the
 * demo seeder would take hours; a copy of the 2,000 it seeds takes a minute, and keeps what
 * matters to a sweep or an export: the same dates, the same shapes, the same share of each case.
 *
 * A copy keeps every value but its keys: an id (`id`, `*_id`, 36 characters) has its first
 * 8 hex digits replaced by `ffff` and the copy's number (the rest of a demo id is a hash, so
 * copies never meet); a value of another unique index (an email's search key, an invoice number) is prefixed
 * with the copy's number. The `requests` ledger is not copied: it grows with requests, not
 * subjects, and its audit chain could not be copied and still verify.
 */
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { DATA_SUBGRAPH_NAMES, type DbConfig } from '../../common/config';
import { mysqlDatabaseName } from '../../common/datasource';

/** Tables that are the database's own bookkeeping, not a subject's data. */
const NOT_COPIED = new Set(['migrations', 'typeorm_metadata']);
/** Copies written per statement: bounded, so no one INSERT holds the whole table. */
const COPIES_PER_STATEMENT = 10;

interface ColumnInfo {
  name: string;
  dataType: string;
  maxLength: number | null;
  unique: boolean;
}

const isKey = (c: ColumnInfo): boolean =>
  (c.name === 'id' || c.name.endsWith('_id')) && c.dataType === 'varchar' && c.maxLength === 36;

/** The SQL expression that gives column `c` in copy `s.seq` (the sequence table's number). */
function copied(c: ColumnInfo): string {
  const col = `\`${c.name}\``;
  if (isKey(c))
    return `IF(${col} IS NULL OR CHAR_LENGTH(${col}) <> 36, ${col}, CONCAT('ffff', LPAD(HEX(s.seq), 4, '0'), SUBSTRING(${col}, 9)))`;
  if (c.unique && (c.dataType === 'varchar' || c.dataType === 'char'))
    return `IF(${col} IS NULL, NULL, LEFT(CONCAT(s.seq, '.', ${col}), ${c.maxLength ?? 255}))`;
  if (c.unique) throw new Error(`column ${c.name} is unique and not text: the copier does not know how to copy it`);
  return col;
}

async function columns(conn: mysql.Connection, db: string, table: string): Promise<ColumnInfo[]> {
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT c.COLUMN_NAME AS name, c.DATA_TYPE AS dataType, c.CHARACTER_MAXIMUM_LENGTH AS maxLength,
            EXISTS (SELECT 1 FROM information_schema.STATISTICS st
                    WHERE st.TABLE_SCHEMA = c.TABLE_SCHEMA AND st.TABLE_NAME = c.TABLE_NAME
                      AND st.COLUMN_NAME = c.COLUMN_NAME AND st.NON_UNIQUE = 0) AS isUnique
       FROM information_schema.COLUMNS c
      WHERE c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ? AND c.EXTRA NOT LIKE '%GENERATED%'
      ORDER BY c.ORDINAL_POSITION`,
    [db, table],
  );
  return rows.map((r) => ({
    name: String(r.name),
    dataType: String(r.dataType),
    maxLength: r.maxLength === null ? null : Number(r.maxLength),
    unique: Number(r.isUnique) === 1,
  }));
}

/**
 * Multiplies the data subgraphs' population of `cfg` by `copies` (1: nothing). Returns the rows
 * written. `progress` is told after each table.
 */
export async function multiplyPopulation(
  cfg: DbConfig,
  copies: number,
  progress: (line: string) => void = () => {},
): Promise<number> {
  if (copies <= 1) return 0;
  const conn = await mysql.createConnection({
    host: cfg.mysql.host,
    port: cfg.mysql.port,
    user: cfg.mysql.user,
    password: cfg.mysql.password,
    multipleStatements: false,
  });
  let written = 0;
  try {
    for (const subgraph of DATA_SUBGRAPH_NAMES) {
      const db = mysqlDatabaseName(cfg, subgraph);
      // MariaDB's sequence tables (seq_1_to_10) are read in the current database.
      await conn.query(`USE \`${db}\``);
      const [tables] = await conn.query<RowDataPacket[]>(
        "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
        [db],
      );
      for (const { t } of tables) {
        const table = String(t);
        if (NOT_COPIED.has(table)) continue;
        const cols = await columns(conn, db, table);
        const names = cols.map((c) => `\`${c.name}\``).join(', ');
        const values = cols.map(copied).join(', ');
        for (let from = 1; from < copies; from += COPIES_PER_STATEMENT) {
          const to = Math.min(copies - 1, from + COPIES_PER_STATEMENT - 1);
          const [result] = await conn.query<mysql.ResultSetHeader>(
            `INSERT INTO \`${db}\`.\`${table}\` (${names})
             SELECT ${values} FROM \`${table}\` o JOIN seq_${from}_to_${to} s WHERE ${originalsOnly(cols)}`,
          );
          written += result.affectedRows;
        }
        progress(`  ${subgraph}.${table}: ×${copies}`);
      }
    }
  } finally {
    await conn.end();
  }
  return written;
}

/**
 * Only the seeded rows are copied, never copies: a copy's first key starts with `ffff` (one
 * seeded id in 65,536 does too, and is simply not copied).
 */
function originalsOnly(cols: readonly ColumnInfo[]): string {
  const key = cols.find(isKey);
  if (!key) throw new Error('a table without an id column cannot be copied');
  return `(o.\`${key.name}\` IS NULL OR LEFT(o.\`${key.name}\`, 4) <> 'ffff')`;
}
