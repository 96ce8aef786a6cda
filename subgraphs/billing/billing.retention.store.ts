import type { EntityManager } from 'typeorm';
import {
  countDue,
  heldDue,
  notHeld,
  SUBJECTS_ERASED_HERE,
  type Counted,
  type HeldDue,
} from '../../common/privacy-contract';
import { BillingAccountEntity } from './entities/billing-account.entity';
import { InvoiceEntity } from './entities/invoice.entity';
import { PaymentEntity } from './entities/payment.entity';

/**
 * The retention sweep's SQL for billing, inside the contract's transaction: a count and one
 * bulk DELETE per table, whatever the number of records.
 */
export class BillingRetentionStore {
  constructor(private readonly tx: EntityManager) {}

  invoicesDue(cutoff: Date): Promise<Counted> {
    return countDue(this.tx, InvoiceEntity, 'r', 'r.issued_at <= :cutoff', { cutoff });
  }

  paymentsDue(cutoff: Date): Promise<Counted> {
    return countDue(this.tx, PaymentEntity, 'r', 'r.paid_at <= :cutoff', { cutoff });
  }

  async deleteInvoices(cutoff: Date): Promise<number> {
    return this.deleteDue(InvoiceEntity, 'invoice', 'issued_at', cutoff);
  }

  /** Corrections of invoices the sweep deleted (O35): they go with the invoice they correct, never before. */
  async deleteOrphanedCorrections(): Promise<number> {
    const result = await this.tx
      .createQueryBuilder()
      .delete()
      .from('invoice_correction')
      .where('invoice_id NOT IN (SELECT i.id FROM invoice i)')
      .execute();
    return result.affected ?? 0;
  }

  async deletePayments(cutoff: Date): Promise<number> {
    return this.deleteDue(PaymentEntity, 'payment', 'paid_at', cutoff);
  }

  /** Due records of `table` that a legal hold keeps past their period. */
  heldDue(table: 'invoice' | 'payment', column: string, cutoff: Date): Promise<HeldDue> {
    return heldDue(this.tx, `SELECT id AS k, subject_id AS s FROM ${table} WHERE ${column} <= :cutoff`, { cutoff });
  }

  /**
   * The account an erasure kept for the invoices (name and address they show), once no invoice
   * or payment is left: nothing justifies it any more. An account of a live subject stays (only
   * an erased subject's account is kept for the accounting records alone).
   */
  async deleteOrphanedErasedAccounts(): Promise<number> {
    const result = await this.tx
      .createQueryBuilder()
      .delete()
      .from(BillingAccountEntity)
      .where(
        `subject_id IN (${SUBJECTS_ERASED_HERE}) AND subject_id NOT IN (SELECT i.subject_id FROM invoice i) AND subject_id NOT IN (SELECT p.subject_id FROM payment p) AND ${notHeld('billing_account', 'subject_id')}`,
      )
      .execute();
    return result.affected ?? 0;
  }

  private async deleteDue(entity: new () => object, table: string, column: string, cutoff: Date): Promise<number> {
    const result = await this.tx
      .createQueryBuilder()
      .delete()
      .from(entity)
      .where(`${column} <= :cutoff AND ${notHeld(table)}`, { cutoff })
      .execute();
    return result.affected ?? 0;
  }
}
