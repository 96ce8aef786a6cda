import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTables, dropTables } from '../migration';
import { PRIVACY_CONTRACT_TABLES } from './privacy.tables';

/**
 * Each data subgraph's privacy migration: the contract's tables, plus what its own erasure
 * needs of its tables (columns that become nullable once their value is erased, say).
 */
export function privacyMigration(
  name: string,
  alter?: (runner: QueryRunner) => Promise<void>,
): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(runner: QueryRunner): Promise<void> {
      await createTables(runner, PRIVACY_CONTRACT_TABLES);
      await alter?.(runner);
    }

    async down(runner: QueryRunner): Promise<void> {
      await dropTables(
        runner,
        PRIVACY_CONTRACT_TABLES.map((t) => t.name),
      );
    }
  };
}

/**
 * Makes columns nullable, keeping type and length. TypeORM renders it for each driver (SQLite
 * cannot ALTER a column: it rebuilds the table, indices included).
 */
export async function makeNullable(runner: QueryRunner, tableName: string, columns: string[]): Promise<void> {
  const table = await runner.getTable(tableName);
  if (!table) throw new Error(`table ${tableName} is missing`);
  const changes = columns.map((name) => {
    const old = table.findColumnByName(name);
    if (!old) throw new Error(`column ${tableName}.${name} is missing`);
    const changed = old.clone();
    changed.isNullable = true;
    return { oldColumn: old, newColumn: changed };
  });
  await runner.changeColumns(table, changes);
}
