import { col, type TableSpec } from '../migration';

/** The contract's own tables, the same in every data subgraph: each one's privacy migration creates them. */
export const PRIVACY_CONTRACT_TABLES: TableSpec[] = [
  {
    name: 'privacy_operation',
    columns: [
      { ...col.ref('request_id'), isPrimary: true },
      { ...col.varchar('operation', 16), isPrimary: true },
      col.ref('subject_id'),
      col.text('receipt'),
      col.instant('done_at'),
    ],
    indices: [{ name: 'ix_privacy_operation_subject', columns: ['subject_id', 'operation'] }],
  },
  {
    name: 'processing_restriction',
    columns: [
      col.id(),
      col.ref('subject_id'),
      col.varchar('kind', 16),
      col.varchar('scope', 40),
      col.ref('request_id'),
      col.instant('since'),
      { ...col.instant('lifted_at'), isNullable: true },
      col.ref('lift_request_id', true),
    ],
    indices: [{ name: 'ix_processing_restriction_subject', columns: ['subject_id', 'scope'] }],
  },
];
