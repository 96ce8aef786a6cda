import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TableColumn } from 'typeorm';

/**
 * The whole copy (issue 17): a legal hold a dpo marked confidential (its legal reason kept here)
 * is shown to its subject as a count only.
 */
export class RequestsDisclosures1764900150000 implements MigrationInterface {
  name = 'RequestsDisclosures1764900150000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn(
      'legal_hold',
      new TableColumn({ name: 'confidential_reason', type: 'text', isNullable: true }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('legal_hold', 'confidential_reason');
  }
}
