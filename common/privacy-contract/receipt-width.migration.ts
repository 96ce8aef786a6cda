import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A receipt lists every record an operation kept, with its hold and reason: a subject with a few
 * hundred records under a hold wrote more than the 64 KiB of a MySQL TEXT column, and the leg
 * failed on "Data too long" at every attempt. MEDIUMTEXT holds 16 MiB (tens of thousands of kept
 * records). SQLite's TEXT has no such bound: nothing to change there. `table.column` and its
 * nullability, for the data subgraphs' `privacy_operation.receipt` and the ledger's
 * `request_leg.receipt`.
 */
export function receiptWidthMigration(
  name: string,
  table: string,
  column: string,
  nullable: boolean,
): new () => MigrationInterface {
  const nullability = nullable ? 'NULL' : 'NOT NULL';
  return class implements MigrationInterface {
    name = name;

    async up(runner: QueryRunner): Promise<void> {
      if (runner.connection.options.type !== 'mysql') return;
      await runner.query(`ALTER TABLE ${table} MODIFY ${column} MEDIUMTEXT ${nullability}`);
    }

    async down(runner: QueryRunner): Promise<void> {
      if (runner.connection.options.type !== 'mysql') return;
      await runner.query(`ALTER TABLE ${table} MODIFY ${column} TEXT ${nullability}`);
    }
  };
}

/** Each data subgraph's migration of its contract's receipts. */
export const privacyReceiptWidthMigration = (name: string): new () => MigrationInterface =>
  receiptWidthMigration(name, 'privacy_operation', 'receipt', false);
