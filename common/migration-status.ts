/**
 * Which of a subgraph's migrations its database has not run, read without writing anything.
 * TypeORM's `showMigrations()` answers the same question but first creates the `migrations`
 * table when it is missing and logs a line per migration: a write from a readiness probe, and
 * from `npm run diagnose`, which promises to change nothing. So both read the table themselves,
 * the way TypeORM matches it (by migration name).
 */
import type { MixedList } from 'typeorm';
import type { DbKind } from './config';

/** Rows as both drivers return them: one object per row, columns by name. */
export type ReadQuery = (sql: string) => Promise<Array<Record<string, unknown>>>;

/** TypeORM's default table of applied migrations (no data source here sets another). */
const MIGRATIONS_TABLE = 'migrations';

/**
 * The names TypeORM records for these migrations: the instance's `name`, else its class name
 * (MigrationExecutor.getMigrations does the same).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function migrationNames(migrations: MixedList<Function | string>): string[] {
  const list = Array.isArray(migrations) ? migrations : Object.values(migrations);
  return list.map((m) => {
    if (typeof m === 'string') return m;
    const instance = new (m as new () => { name?: string })();
    return instance.name ?? m.name;
  });
}

export interface MigrationStatus {
  /** Recorded in the database, in its order. */
  applied: string[];
  /** Of this code's migrations, those the database has not recorded (all of them when it has no table yet). */
  pending: string[];
  /** Recorded but unknown to this code: a newer version ran against this database. */
  unknown: string[];
}

export async function migrationStatus(
  query: ReadQuery,
  kind: DbKind,
  defined: readonly string[],
): Promise<MigrationStatus> {
  const exists =
    kind === 'sqlite'
      ? await query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '${MIGRATIONS_TABLE}'`)
      : await query(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${MIGRATIONS_TABLE}'`,
        );
  const applied =
    exists.length === 0
      ? []
      : (await query(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)).map((r) => String(r.name));
  const recorded = new Set(applied);
  const known = new Set(defined);
  return {
    applied,
    pending: defined.filter((name) => !recorded.has(name)),
    unknown: applied.filter((name) => !known.has(name)),
  };
}
