import { col, tablesMigration, type TableSpec } from '../../../common/migration';

const tables: TableSpec[] = [
  {
    name: 'subject',
    columns: [
      col.id(),
      col.varchar('full_name', 200),
      col.varchar('email', 254),
      col.varchar('email_key', 254),
      col.varchar('phone', 32, true),
      col.date('birth_date', true),
      col.varchar('locale', 16),
      col.varchar('status', 16),
      col.datetime('created_at'),
      col.datetime('last_login_at', true),
      col.varchar('search_key', 500),
    ],
    indices: [{ name: 'ix_subject_email_key', columns: ['email_key'], unique: true }],
  },
  {
    name: 'professional_context',
    columns: [
      col.id('subject_id'),
      col.varchar('sector', 120),
      col.varchar('company_size', 32),
      col.varchar('job_title', 160),
      col.int('years_of_experience'),
    ],
  },
  {
    name: 'financial_situation',
    columns: [
      col.id('subject_id'),
      col.varchar('income_band', 32),
      col.int('household_size'),
      col.int('monthly_budget_cents', true),
      col.text('savings_goal', true),
      col.text('debt_situation', true),
      col.datetime('shared_at'),
    ],
  },
  {
    name: 'consent_event',
    columns: [
      col.id(),
      col.ref('subject_id'),
      col.varchar('purpose', 40),
      col.bool('granted'),
      col.datetime('recorded_at'),
      col.varchar('source', 40),
    ],
    indices: [{ name: 'ix_consent_event_subject', columns: ['subject_id', 'recorded_at'] }],
  },
  {
    name: 'employer_sponsorship',
    columns: [
      col.id('subject_id'),
      col.varchar('employer_name', 200),
      col.date('sponsored_since'),
      col.varchar('reporting_scope', 500),
    ],
  },
  {
    name: 'communication_preference',
    columns: [
      col.id('subject_id'),
      col.varchar('preferred_channel', 16),
      col.bool('session_reminders'),
      col.bool('programme_news'),
      col.bool('event_invitations'),
      col.datetime('updated_at'),
    ],
  },
];

export const ProfileInit1763740000000 = tablesMigration('ProfileInit1763740000000', tables);
