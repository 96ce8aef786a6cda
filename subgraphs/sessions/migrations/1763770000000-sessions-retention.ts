import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeNullable } from '../../../common/privacy-contract';

/**
 * What the retention sweep needs here: an anonymised session keeps its learning content but
 * loses its subject and mentor; an anonymised connection log loses its subject, IP address and
 * user agent. Those columns must accept NULL.
 */
export class SessionsRetention1763770000000 implements MigrationInterface {
  name = 'SessionsRetention1763770000000';

  async up(runner: QueryRunner): Promise<void> {
    await makeNullable(runner, 'mentoring_session', ['subject_id', 'mentor_id']);
    await makeNullable(runner, 'connection_log', ['subject_id', 'ip', 'user_agent']);
  }

  async down(): Promise<void> {
    // Anonymised rows hold NULLs that NOT NULL would refuse: there is no way back but restoring a backup.
  }
}
