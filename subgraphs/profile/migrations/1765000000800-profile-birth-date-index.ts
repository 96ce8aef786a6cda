import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The minors rule asks, at every sweep, which accounts belong to someone born after a day: by
 * birth date, then, so that the question reads the few minors instead of every account (a scan
 * of 200,000 accounts was the longest statement of a sweep at that size; decision 269).
 */
export class ProfileBirthDateIndex1765000000800 implements MigrationInterface {
  name = 'ProfileBirthDateIndex1765000000800';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createIndex('subject', new TableIndex({ name: 'ix_subject_birth_date', columnNames: ['birth_date'] }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('subject', 'ix_subject_birth_date');
  }
}
