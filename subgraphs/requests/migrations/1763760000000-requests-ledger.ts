import { col, tablesMigration, type TableSpec } from '../../../common/migration';

const nullableInstant = (name: string) => ({ ...col.instant(name), isNullable: true });

const tables: TableSpec[] = [
  {
    name: 'rights_request',
    columns: [
      col.id(),
      col.varchar('type', 24),
      col.ref('subject_id'),
      col.varchar('status', 16),
      col.text('details'),
      col.text('reason', true),
      col.varchar('submitted_by', 200),
      col.instant('received_at'),
      col.instant('initial_due_at'),
      col.instant('due_at'),
      col.int('extended_months'),
      col.text('extension_reason', true),
      nullableInstant('completed_at'),
      col.text('rejection_reason', true),
      col.bool('awaiting_confirmation'),
      col.varchar('confirmation_hash', 64, true),
      nullableInstant('confirmation_expires_at'),
      col.varchar('live_erasure', 16, true),
      col.instant('updated_at'),
    ],
    indices: [
      // NULLs never collide: only the live erasure of a subject is unique.
      { name: 'ux_rights_request_live_erasure', columns: ['subject_id', 'live_erasure'], unique: true },
      { name: 'ix_rights_request_status_due', columns: ['status', 'due_at'] },
      { name: 'ix_rights_request_subject', columns: ['subject_id'] },
      { name: 'ix_rights_request_confirmation', columns: ['confirmation_hash'] },
    ],
  },
  {
    name: 'request_leg',
    columns: [
      { ...col.ref('request_id'), isPrimary: true },
      { ...col.varchar('subgraph', 16), isPrimary: true },
      col.varchar('status', 16),
      col.int('attempts'),
      col.varchar('last_error', 300, true),
      col.instant('next_attempt_at'),
      nullableInstant('claimed_until'),
      col.text('receipt', true),
      col.instant('updated_at'),
    ],
    indices: [{ name: 'ix_request_leg_due', columns: ['status', 'next_attempt_at'] }],
  },
  {
    name: 'audit_event',
    columns: [
      { name: 'seq', type: 'int', isPrimary: true },
      col.instant('at'),
      col.ref('request_id', true),
      col.varchar('action', 40),
      col.varchar('actor', 200),
      col.text('detail'),
      col.varchar('prev_hash', 64),
      col.varchar('hash', 64),
    ],
  },
  {
    name: 'outbox_message',
    columns: [
      col.id(),
      col.ref('request_id'),
      col.varchar('recipient', 254),
      col.varchar('kind', 40),
      col.varchar('subject', 200),
      col.text('body'),
      col.instant('created_at'),
      nullableInstant('sent_at'),
    ],
    indices: [{ name: 'ix_outbox_message_request', columns: ['request_id'] }],
  },
];

export const RequestsLedger1763760000000 = tablesMigration('RequestsLedger1763760000000', tables);
