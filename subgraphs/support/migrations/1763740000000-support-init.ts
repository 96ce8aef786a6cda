import { col, tablesMigration, type TableSpec } from '../../../common/migration';

const tables: TableSpec[] = [
  {
    name: 'support_ticket',
    columns: [
      col.id(),
      col.ref('subject_id'),
      col.varchar('type', 32),
      col.varchar('channel', 16),
      col.varchar('status', 24),
      col.varchar('title', 200),
      col.varchar('contact_email', 254),
      col.datetime('opened_at'),
      col.datetime('resolved_at', true),
      col.datetime('last_contact_at'),
      col.bool('disputed'),
    ],
    indices: [{ name: 'ix_support_ticket_subject', columns: ['subject_id', 'opened_at'] }],
  },
  {
    name: 'support_message',
    columns: [col.id(), col.ref('ticket_id'), col.varchar('author', 16), col.datetime('sent_at'), col.text('body')],
    indices: [{ name: 'ix_support_message_ticket', columns: ['ticket_id', 'sent_at'] }],
  },
];

export const SupportInit1763740000000 = tablesMigration('SupportInit1763740000000', tables);
