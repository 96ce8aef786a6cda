import type { DataSource } from 'typeorm';
import { rowsByKeys, rowsByParentKeys } from '../../common/batch-read';
import { BillingAccountEntity } from './entities/billing-account.entity';
import { InvoiceCorrectionEntity } from './entities/invoice-correction.entity';
import { InvoiceEntity } from './entities/invoice.entity';
import { PaymentEntity } from './entities/payment.entity';
import { SubscriptionEntity } from './entities/subscription.entity';

/**
 * All the SQL of the billing subgraph. Every read takes a list of subject ids: one statement
 * per batch, ordered by date then id so that an export is the same byte for byte every time.
 */
export class BillingStore {
  constructor(private readonly ds: DataSource) {}

  accountsBySubjects(ids: readonly string[]): Promise<BillingAccountEntity[]> {
    return rowsByKeys(this.ds, BillingAccountEntity, 'subjectId', ids);
  }

  invoicesBySubjects(ids: readonly string[]): Promise<InvoiceEntity[]> {
    return rowsByKeys(this.ds, InvoiceEntity, 'subjectId', ids, { issuedAt: 'ASC', id: 'ASC' });
  }

  /**
   * The corrections of these subjects' invoices (O35), each with its subject, oldest first: the
   * last one of an invoice is the wording in force. Read through the invoice, by subject, so they
   * come with the invoices rather than after them (decision 347).
   */
  correctionsBySubjects(ids: readonly string[]): Promise<Array<{ key: string; row: InvoiceCorrectionEntity }>> {
    const through = { column: 'invoiceId', parent: InvoiceEntity, parentColumn: 'subjectId' } as const;
    return rowsByParentKeys(this.ds, InvoiceCorrectionEntity, through, ids, { correctedAt: 'ASC', id: 'ASC' });
  }

  paymentsBySubjects(ids: readonly string[]): Promise<PaymentEntity[]> {
    return rowsByKeys(this.ds, PaymentEntity, 'subjectId', ids, { paidAt: 'ASC', id: 'ASC' });
  }

  subscriptionsBySubjects(ids: readonly string[]): Promise<SubscriptionEntity[]> {
    return rowsByKeys(this.ds, SubscriptionEntity, 'subjectId', ids, { startedAt: 'ASC', id: 'ASC' });
  }
}
