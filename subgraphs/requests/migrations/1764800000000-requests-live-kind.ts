import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `live_erasure` came to hold the one live erasure, closure, inactivity warning or minor's
 * contact of a subject: it is the live request of its kind, `live_kind` (the request's type).
 * RENAME COLUMN keeps the values and the index's columns (SQLite 3.25+, MariaDB 10.5+, MySQL 8);
 * the index is renamed with it.
 */
export class RequestsLiveKind1764800000000 implements MigrationInterface {
  name = 'RequestsLiveKind1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('rights_request', 'ux_rights_request_live_erasure');
    await runner.query('ALTER TABLE rights_request RENAME COLUMN live_erasure TO live_kind');
    await runner.createIndex(
      'rights_request',
      new TableIndex({ name: 'ux_rights_request_live_kind', columnNames: ['subject_id', 'live_kind'], isUnique: true }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('rights_request', 'ux_rights_request_live_kind');
    await runner.query('ALTER TABLE rights_request RENAME COLUMN live_kind TO live_erasure');
    await runner.createIndex(
      'rights_request',
      new TableIndex({
        name: 'ux_rights_request_live_erasure',
        columnNames: ['subject_id', 'live_erasure'],
        isUnique: true,
      }),
    );
  }
}
