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

/** Names of `defined` migrations the database has not recorded (all of them when it has no table yet). */
export async function pendingMigrations(query: ReadQuery, kind: DbKind, defined: readonly string[]): Promise<string[]> {
  const exists =
    kind === 'sqlite'
      ? await query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '${MIGRATIONS_TABLE}'`)
      : await query(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${MIGRATIONS_TABLE}'`,
        );
  if (exists.length === 0) return [...defined];
  const applied = new Set((await query(`SELECT name FROM ${MIGRATIONS_TABLE}`)).map((r) => String(r.name)));
  return defined.filter((name) => !applied.has(name));
}
