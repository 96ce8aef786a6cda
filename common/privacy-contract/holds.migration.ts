import type { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTables, dropTables, type TableSpec } from '../migration';

export const LEGAL_HOLD_TABLE: TableSpec = {
  name: 'legal_hold',
  columns: [
    col.id(),
    col.ref('hold_id'),
    col.ref('subject_id'),
    col.ref('record_id', true),
    col.text('reason'),
    col.instant('placed_at'),
    { ...col.instant('released_at'), isNullable: true },
    col.ref('release_request_id', true),
  ],
  indices: [
    { name: 'ix_legal_hold_subject', columns: ['subject_id', 'released_at'] },
    { name: 'ix_legal_hold_hold', columns: ['hold_id'] },
  ],
};

/** Each data subgraph's migration that adds the contract's `legal_hold` table (issue 11). */
export function holdsMigration(name: string): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(runner: QueryRunner): Promise<void> {
      await createTables(runner, [LEGAL_HOLD_TABLE]);
    }

    async down(runner: QueryRunner): Promise<void> {
      await dropTables(runner, [LEGAL_HOLD_TABLE.name]);
    }
  };
}
