import { col, tablesMigration, type TableSpec } from '../../../common/migration';

// Each table is read by subject and ordered by its date: the (subject_id, date) index serves both.
const tables: TableSpec[] = [
  {
    name: 'mentoring_session',
    columns: [
      col.id(),
      col.ref('subject_id'),
      col.ref('mentor_id'),
      col.datetime('scheduled_at'),
      col.int('duration_minutes'),
      col.text('goals'),
      col.text('challenges'),
      col.text('agreed_actions'),
      col.text('notes', true),
    ],
    indices: [{ name: 'ix_mentoring_session_subject', columns: ['subject_id', 'scheduled_at'] }],
  },
  {
    name: 'mentor_assignment',
    columns: [col.id(), col.ref('subject_id'), col.ref('mentor_id'), col.date('starts_on'), col.date('ends_on', true)],
    indices: [{ name: 'ix_mentor_assignment_subject', columns: ['subject_id', 'starts_on'] }],
  },
  {
    name: 'shared_document',
    columns: [
      col.id(),
      col.ref('subject_id'),
      col.ref('session_id', true),
      col.varchar('name', 255),
      col.varchar('media_type', 127),
      col.int('size_bytes'),
      col.varchar('sha256', 64),
      col.blob('content'),
      col.datetime('shared_at'),
    ],
    indices: [{ name: 'ix_shared_document_subject', columns: ['subject_id', 'shared_at'] }],
  },
  {
    name: 'session_evaluation',
    columns: [
      col.id(),
      col.ref('subject_id'),
      col.ref('session_id'),
      col.int('rating'),
      col.text('comment', true),
      col.datetime('submitted_at'),
    ],
    indices: [{ name: 'ix_session_evaluation_subject', columns: ['subject_id', 'submitted_at'] }],
  },
  {
    name: 'learning_progress',
    columns: [
      col.id(),
      col.ref('subject_id'),
      col.varchar('module_code', 40),
      col.varchar('module_title', 200),
      col.int('progress_percent'),
      col.datetime('started_at'),
      col.datetime('completed_at', true),
      col.datetime('updated_at'),
    ],
    indices: [{ name: 'ix_learning_progress_subject', columns: ['subject_id', 'started_at'] }],
  },
  {
    name: 'resource_download',
    columns: [
      col.id(),
      col.ref('subject_id'),
      col.varchar('resource_code', 40),
      col.varchar('resource_title', 200),
      col.datetime('downloaded_at'),
    ],
    indices: [{ name: 'ix_resource_download_subject', columns: ['subject_id', 'downloaded_at'] }],
  },
  {
    name: 'connection_log',
    columns: [
      col.id(),
      col.ref('subject_id'),
      col.varchar('ip', 45),
      col.varchar('user_agent', 500),
      col.varchar('language', 35),
      col.datetime('started_at'),
      col.int('duration_seconds'),
      col.text('pages'),
    ],
    indices: [{ name: 'ix_connection_log_subject', columns: ['subject_id', 'started_at'] }],
  },
];

export const SessionsInit1763740000000 = tablesMigration('SessionsInit1763740000000', tables);
