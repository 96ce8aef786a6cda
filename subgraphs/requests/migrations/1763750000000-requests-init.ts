import type { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTables, dropTables, type TableSpec } from '../../../common/migration';

// Read by subject, by staff member, or by time, newest first: one index for each.
const tables: TableSpec[] = [
  {
    name: 'access_log',
    columns: [
      col.id(),
      col.instant('at'),
      col.varchar('principal', 200),
      col.varchar('roles', 100),
      col.ref('subject_id'),
      col.text('fields'),
      col.ref('request_id'),
      col.varchar('operation_name', 100, true),
    ],
    indices: [
      { name: 'ix_access_log_subject', columns: ['subject_id', 'at'] },
      { name: 'ix_access_log_principal', columns: ['principal', 'at'] },
      { name: 'ix_access_log_at', columns: ['at'] },
    ],
  },
];

export class RequestsInit1763750000000 implements MigrationInterface {
  name = 'RequestsInit1763750000000';

  async up(runner: QueryRunner): Promise<void> {
    await createTables(runner, tables);
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropTables(runner, tables.map((t) => t.name));
  }
}
