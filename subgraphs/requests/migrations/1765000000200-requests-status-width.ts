import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An objection under examination (issue 17, O36, V46): `UNDER_EXAMINATION` is 17 characters, one
 * more than `rights_request.status` held. MySQL refuses the longer value: widened to 24 there.
 * SQLite does not check a varchar's length, and TypeORM's rebuild of the table there would read a
 * stale definition (the column renamed by an earlier raw statement): it is left as it is.
 */
export class RequestsStatusWidth1765000000200 implements MigrationInterface {
  name = 'RequestsStatusWidth1765000000200';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type !== 'mysql') return;
    await runner.query('ALTER TABLE rights_request MODIFY status varchar(24) NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type !== 'mysql') return;
    await runner.query('ALTER TABLE rights_request MODIFY status varchar(16) NOT NULL');
  }
}
