import { col, tablesMigration, type TableSpec } from '../../../common/migration';

const tables: TableSpec[] = [
  {
    name: 'billing_account',
    columns: [
      col.id('subject_id'),
      col.varchar('billing_name', 200),
      col.varchar('address_line', 300),
      col.varchar('postal_code', 16),
      col.varchar('city', 120),
      col.varchar('country', 2),
      col.varchar('billing_email', 254),
      col.varchar('billing_phone', 32, true),
      col.varchar('provider_customer_ref', 64),
    ],
  },
  {
    name: 'invoice',
    columns: [
      col.id(),
      col.ref('subject_id'),
      col.varchar('number', 20),
      col.datetime('issued_at'),
      col.date('due_at'),
      col.int('amount_cents'),
      col.varchar('currency', 3),
      col.varchar('status', 8),
      col.varchar('description', 500),
    ],
    indices: [
      { name: 'ix_invoice_subject', columns: ['subject_id', 'issued_at'] },
      { name: 'ux_invoice_number', columns: ['number'], unique: true },
    ],
  },
  {
    name: 'payment',
    columns: [
      col.id(),
      col.ref('subject_id'),
      col.ref('invoice_id'),
      col.datetime('paid_at'),
      col.int('amount_cents'),
      col.varchar('currency', 3),
      col.varchar('method', 16),
      col.varchar('provider_payment_ref', 64),
    ],
    indices: [{ name: 'ix_payment_subject', columns: ['subject_id', 'paid_at'] }],
  },
  {
    name: 'subscription',
    columns: [
      col.id(),
      col.ref('subject_id'),
      col.varchar('plan', 80),
      col.varchar('status', 16),
      col.datetime('started_at'),
      col.datetime('ends_at', true),
      col.bool('renews_automatically'),
    ],
    indices: [{ name: 'ix_subscription_subject', columns: ['subject_id', 'started_at'] }],
  },
];

export const BillingInit1763740000000 = tablesMigration('BillingInit1763740000000', tables);
