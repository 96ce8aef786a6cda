import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from '../../../common/migration';

const nullableInstant = (name: string) => new TableColumn({ ...col.instant(name), isNullable: true });

/**
 * The right of access in the ledger: how the subject's identity was verified (every request
 * records it), the one export of a kind a subject may have open at a time (`live_export`, unique
 * with the subject: NULLs never collide), and the package's life (when it stops being served,
 * when its file was deleted).
 */
export class RequestsAccess1764510000000 implements MigrationInterface {
  name = 'RequestsAccess1764510000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumns('rights_request', [
      new TableColumn(col.varchar('identity_method', 24, true)),
      new TableColumn(col.varchar('identity_evidence', 200, true)),
      new TableColumn(col.varchar('identity_verified_by', 200, true)),
      nullableInstant('identity_verified_at'),
      new TableColumn(col.varchar('live_export', 16, true)),
      nullableInstant('package_expires_at'),
      nullableInstant('package_deleted_at'),
    ]);
    await runner.createIndex(
      'rights_request',
      new TableIndex({
        name: 'ux_rights_request_live_export',
        columnNames: ['subject_id', 'live_export'],
        isUnique: true,
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('rights_request', 'ux_rights_request_live_export');
    await runner.dropColumns('rights_request', [
      'identity_method',
      'identity_evidence',
      'identity_verified_by',
      'identity_verified_at',
      'live_export',
      'package_expires_at',
      'package_deleted_at',
    ]);
  }
}
