import { col, tablesMigration } from '../../../common/migration';

/** Corrections of issued invoices' wording (O35): the invoice stays as issued, the correction beside it. */
export const BillingInvoiceCorrections1765000000500 = tablesMigration('BillingInvoiceCorrections1765000000500', [
  {
    name: 'invoice_correction',
    columns: [
      col.id(),
      col.ref('invoice_id'),
      col.ref('subject_id'),
      col.ref('request_id'),
      col.varchar('description', 500),
      col.datetime('corrected_at'),
    ],
    indices: [{ name: 'ix_invoice_correction_invoice', columns: ['invoice_id', 'corrected_at'] }],
  },
]);
