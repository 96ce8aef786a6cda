import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * Column shorthands for migrations written with TypeORM's Table API, which renders the right
 * DDL for SQLite and for MySQL from one description. Migrations are snapshots: they describe
 * the schema at the time they were written and are never regenerated from the entities.
 */
export const col = {
  id: (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true }),
  ref: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: '36',
    isNullable: nullable,
  }),
  varchar: (name: string, length: number, nullable = false): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    isNullable: nullable,
  }),
  text: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable }),
  int: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'int', isNullable: nullable }),
  bool: (name: string): TableColumnOptions => ({ name, type: 'boolean' }),
  datetime: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable: nullable }),
  date: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'date', isNullable: nullable }),
  /** To the millisecond: MySQL's plain DATETIME keeps whole seconds, and order within a second matters for logs. */
  instant: (name: string): TableColumnOptions => ({ name, type: 'datetime', precision: 3 }),
  /** Up to 16 MiB on MySQL (`blob` stops at 64 KiB); SQLite ignores the size. */
  blob: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'mediumblob', isNullable: nullable }),
};

export interface TableSpec {
  name: string;
  columns: TableColumnOptions[];
  /** Each entry: index name and its columns. */
  indices?: Array<{ name: string; columns: string[]; unique?: boolean }>;
}

export async function createTables(runner: QueryRunner, specs: TableSpec[]): Promise<void> {
  const sqlite = runner.connection.options.type === 'better-sqlite3';
  for (const spec of specs) {
    const columns = spec.columns.map((c) => (sqlite && c.type === 'mediumblob' ? { ...c, type: 'blob' } : c));
    await runner.createTable(new Table({ name: spec.name, columns }), true);
    for (const index of spec.indices ?? []) {
      await runner.createIndex(
        spec.name,
        new TableIndex({ name: index.name, columnNames: index.columns, isUnique: index.unique ?? false }),
      );
    }
  }
}

export async function dropTables(runner: QueryRunner, names: string[]): Promise<void> {
  for (const name of [...names].reverse()) await runner.dropTable(name, true);
}

/**
 * A migration that creates these tables (and drops them, in reverse order, going down): what
 * every subgraph's first migration is. `name` carries the timestamp TypeORM orders migrations by.
 */
export function tablesMigration(name: string, specs: TableSpec[]): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(runner: QueryRunner): Promise<void> {
      await createTables(runner, specs);
    }

    async down(runner: QueryRunner): Promise<void> {
      await dropTables(
        runner,
        specs.map((t) => t.name),
      );
    }
  };
}
