import { col, tablesMigration, type TableSpec } from '../../../common/migration';

// Read by subject, by staff member, or by time, newest first: one index for each.
const tables: TableSpec[] = [
  {
    name: 'access_log',
    columns: [
      col.id(),
      col.instant('at'),
      col.varchar('principal', 200),
      col.varchar('roles', 100),
      col.ref('subject_id'),
      col.text('fields'),
      col.ref('request_id'),
      col.varchar('operation_name', 100, true),
    ],
    indices: [
      { name: 'ix_access_log_subject', columns: ['subject_id', 'at'] },
      { name: 'ix_access_log_principal', columns: ['principal', 'at'] },
      { name: 'ix_access_log_at', columns: ['at'] },
    ],
  },
];

export const RequestsInit1763750000000 = tablesMigration('RequestsInit1763750000000', tables);
