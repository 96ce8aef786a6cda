import { col, tablesMigration } from '../../../common/migration';

/** `idempotency_key`: a client's key for a rights mutation and the request it recorded (idempotency.ts). */
export const RequestsIdempotency1764900000161 = tablesMigration('RequestsIdempotency1764900000161', [
  {
    name: 'idempotency_key',
    columns: [
      { ...col.varchar('id', 64), isPrimary: true },
      col.varchar('body_hash', 64),
      col.ref('request_id'),
      col.instant('created_at'),
    ],
    indices: [{ name: 'ix_idempotency_key_created', columns: ['created_at'] }],
  },
]);
