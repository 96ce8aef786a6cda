import { In, type DataSource } from 'typeorm';
import { BillingAccountEntity } from './entities/billing-account.entity';
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
    return this.ds.getRepository(BillingAccountEntity).findBy({ subjectId: In([...ids]) });
  }

  invoicesBySubjects(ids: readonly string[]): Promise<InvoiceEntity[]> {
    return this.ds
      .getRepository(InvoiceEntity)
      .find({ where: { subjectId: In([...ids]) }, order: { issuedAt: 'ASC', id: 'ASC' } });
  }

  paymentsBySubjects(ids: readonly string[]): Promise<PaymentEntity[]> {
    return this.ds
      .getRepository(PaymentEntity)
      .find({ where: { subjectId: In([...ids]) }, order: { paidAt: 'ASC', id: 'ASC' } });
  }

  subscriptionsBySubjects(ids: readonly string[]): Promise<SubscriptionEntity[]> {
    return this.ds
      .getRepository(SubscriptionEntity)
      .find({ where: { subjectId: In([...ids]) }, order: { startedAt: 'ASC', id: 'ASC' } });
  }
}
