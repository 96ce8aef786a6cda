import type { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTables, dropTables } from '../../../common/migration';

/** The download links already used (docs/access-packages.md): one row per link, by its id. */
export class RequestsPackageLinks1764900000000 implements MigrationInterface {
  name = 'RequestsPackageLinks1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await createTables(runner, [
      {
        name: 'package_link_use',
        columns: [col.id('jti'), col.ref('request_id'), col.instant('used_at')],
        indices: [{ name: 'ix_package_link_use_request', columns: ['request_id'] }],
      },
    ]);
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropTables(runner, ['package_link_use']);
  }
}
