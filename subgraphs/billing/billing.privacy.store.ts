import { changeRows } from '../../common/batch-write';
import type { EntityManager } from 'typeorm';
import { holdable, notHeld, type HoldableTable } from '../../common/privacy-contract';
import { BillingAccountEntity } from './entities/billing-account.entity';
import { InvoiceCorrectionEntity } from './entities/invoice-correction.entity';
import { InvoiceEntity } from './entities/invoice.entity';
import { PaymentEntity } from './entities/payment.entity';

/** An accounting record and the date its retention runs from. */
export interface DatedRecord {
  id: string;
  at: Date;
}

/** The account fields a rectification may write; a field left out is not changed. */
export type AccountContact = Partial<
  Pick<
    BillingAccountEntity,
    'billingName' | 'billingEmail' | 'billingPhone' | 'addressLine' | 'postalCode' | 'city' | 'country'
  >
>;

/** What a legal hold may name here: the account (by the subject's id), an invoice, a payment, a subscription. */
export const BILLING_HOLDABLE: HoldableTable[] = [
  holdable('BillingAccount', 'billing_account', 'subject_id'),
  holdable('PlanSubscription', 'subscription'),
  holdable('Invoice', 'invoice'),
  holdable('Payment', 'payment'),
];

/**
 * The privacy contract's SQL for billing, inside the contract's transaction. One statement per
 * table, whatever the number of the subject's records: ten years of monthly invoices cost what
 * one invoice does.
 */
export class BillingPrivacyStore {
  constructor(private readonly tx: EntityManager) {}

  /** The subject's invoices, oldest first (the export's order), with their issue date. */
  async invoices(subjectId: string): Promise<DatedRecord[]> {
    const rows = await this.tx
      .getRepository(InvoiceEntity)
      .find({ select: { id: true, issuedAt: true }, where: { subjectId }, order: { issuedAt: 'ASC', id: 'ASC' } });
    return rows.map((r) => ({ id: r.id, at: r.issuedAt }));
  }

  /** The subject's payments, oldest first, with the date they were made. */
  async payments(subjectId: string): Promise<DatedRecord[]> {
    const rows = await this.tx
      .getRepository(PaymentEntity)
      .find({ select: { id: true, paidAt: true }, where: { subjectId }, order: { paidAt: 'ASC', id: 'ASC' } });
    return rows.map((r) => ({ id: r.id, at: r.paidAt }));
  }

  /** Clears the copies of the profile contact; the invoicing identity and address stay with the invoices. */
  async clearContact(subjectId: string): Promise<number> {
    return changeRows(
      this.tx,
      `UPDATE billing_account SET billing_email = NULL, billing_phone = NULL
        WHERE subject_id = :subjectId AND ${notHeld('billing_account', 'subject_id')}`,
      { subjectId },
    );
  }

  async deleteAccount(subjectId: string): Promise<number> {
    return this.deleteUnheld('billing_account', subjectId, 'subject_id');
  }

  async deleteSubscriptions(subjectId: string): Promise<number> {
    return this.deleteUnheld('subscription', subjectId);
  }

  /** The subject's rows of a table but those a legal hold covers, in one statement. */
  private async deleteUnheld(table: string, subjectId: string, key = 'id'): Promise<number> {
    return changeRows(this.tx, `DELETE FROM ${table} WHERE subject_id = :subjectId AND ${notHeld(table, key)}`, {
      subjectId,
    });
  }

  /** Rows matched (0 or 1), whether or not a value differed. */
  async updateContact(subjectId: string, contact: AccountContact): Promise<number> {
    // A rectification of what billing holds no copy of (the professional context...) writes nothing.
    if (Object.keys(contact).length === 0) return 0;
    return (await this.tx.getRepository(BillingAccountEntity).update({ subjectId }, contact)).affected ?? 0;
  }

  /** Whether this invoice exists and is the subject's (another subject's is as unknown as none). */
  invoiceOf(subjectId: string, invoiceId: string): Promise<boolean> {
    return this.tx.getRepository(InvoiceEntity).existsBy({ id: invoiceId, subjectId });
  }

  /** Records a correction beside the invoice; the invoice row is not touched (O35). */
  async addCorrection(correction: InvoiceCorrectionEntity): Promise<void> {
    await this.tx.getRepository(InvoiceCorrectionEntity).insert(correction);
  }

  /** Whether the payment provider has this subject: an account (its customer) or payments. */
  async knownToPaymentProvider(subjectId: string): Promise<boolean> {
    return (
      (await this.tx.getRepository(BillingAccountEntity).existsBy({ subjectId })) ||
      (await this.tx.getRepository(PaymentEntity).existsBy({ subjectId }))
    );
  }
}
