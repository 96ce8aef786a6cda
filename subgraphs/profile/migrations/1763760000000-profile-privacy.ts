import { TableColumn, type QueryRunner } from 'typeorm';
import { col } from '../../../common/migration';
import { makeNullable, privacyMigration } from '../../../common/privacy-contract';

/**
 * The profile's side of the privacy contract:
 * - an erased subject stays as a tombstone (id, status ERASED, when, under which request), so
 *   the identifying columns become nullable and the tombstone gets its two columns;
 * - consent events are kept to the millisecond: the latest one is the consent in force, and on
 *   MySQL a plain DATETIME would put a grant and a withdrawal of the same second in a tie.
 */
export const ProfilePrivacy1763760000000 = privacyMigration('ProfilePrivacy1763760000000', async (runner) => {
  await makeNullable(runner, 'subject', ['full_name', 'email', 'email_key', 'locale', 'search_key']);
  await runner.addColumns('subject', [
    new TableColumn({ ...col.instant('erased_at'), isNullable: true }),
    new TableColumn(col.ref('erasure_request_id', true)),
  ]);
  await consentEventsToTheMillisecond(runner);
});

async function consentEventsToTheMillisecond(runner: QueryRunner): Promise<void> {
  // SQLite stores TypeORM datetimes as text with milliseconds already: nothing to change there.
  if (runner.connection.options.type !== 'mysql') return;
  await runner.query('ALTER TABLE `consent_event` MODIFY `recorded_at` DATETIME(3) NOT NULL');
}
