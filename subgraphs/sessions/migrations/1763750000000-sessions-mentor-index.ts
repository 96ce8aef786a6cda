import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The gateway asks, for every request of a mentor, which subjects that mentor may see: by mentor, then. */
export class SessionsMentorIndex1763750000000 implements MigrationInterface {
  name = 'SessionsMentorIndex1763750000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createIndex(
      'mentor_assignment',
      new TableIndex({ name: 'ix_mentor_assignment_mentor', columnNames: ['mentor_id', 'ends_on'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('mentor_assignment', 'ix_mentor_assignment_mentor');
  }
}
