import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from '../../../common/migration';

const nullableInstant = (name: string) => new TableColumn({ ...col.instant(name), isNullable: true });

/**
 * Mail delivery: the outbox gains what sending needs (language, status, attempts, next attempt,
 * lease, last error, the provider's answer, the subject it concerns), and a request keeps the
 * address its outcome goes to, captured at receipt (after an erasure profile no longer has it).
 * Messages written before this migration were never sent: they become PENDING, in English (the
 * language they were written in), due at once.
 */
export class RequestsMail1764490000000 implements MigrationInterface {
  name = 'RequestsMail1764490000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.changeColumn('outbox_message', 'request_id', new TableColumn(col.ref('request_id', true)));
    await runner.addColumns('outbox_message', [
      new TableColumn(col.ref('subject_id', true)),
      new TableColumn({ ...col.varchar('language', 8), default: "'en'" }),
      new TableColumn({ ...col.varchar('status', 16), default: "'PENDING'" }),
      new TableColumn({ ...col.int('attempts'), default: 0 }),
      nullableInstant('next_attempt_at'),
      nullableInstant('claimed_until'),
      new TableColumn(col.varchar('last_error', 300, true)),
      new TableColumn(col.varchar('provider_message_id', 300, true)),
    ]);
    await runner.query('UPDATE outbox_message SET next_attempt_at = created_at');
    await runner.changeColumn('outbox_message', 'next_attempt_at', new TableColumn(col.instant('next_attempt_at')));
    await runner.createIndex(
      'outbox_message',
      new TableIndex({ name: 'ix_outbox_message_due', columnNames: ['status', 'next_attempt_at'] }),
    );
    await runner.createIndex(
      'outbox_message',
      new TableIndex({ name: 'ix_outbox_message_subject', columnNames: ['subject_id'] }),
    );
    await runner.addColumns('rights_request', [
      new TableColumn(col.varchar('notify_email', 254, true)),
      new TableColumn(col.varchar('notify_language', 8, true)),
    ]);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumns('rights_request', ['notify_email', 'notify_language']);
    await runner.dropIndex('outbox_message', 'ix_outbox_message_subject');
    await runner.dropIndex('outbox_message', 'ix_outbox_message_due');
    await runner.dropColumns('outbox_message', [
      'subject_id',
      'language',
      'status',
      'attempts',
      'next_attempt_at',
      'claimed_until',
      'last_error',
      'provider_message_id',
    ]);
  }
}
