import type { EntityManager } from 'typeorm';
import { heldDue, notHeld, type HeldDue } from '../../common/privacy-contract';
import { BillingAccountEntity } from './entities/billing-account.entity';
import { InvoiceEntity } from './entities/invoice.entity';
import { PaymentEntity } from './entities/payment.entity';

export interface Counted {
  rows: number;
  subjects: number;
}

/** Subjects this subgraph erased (the contract's own record): their account stays only for the accounting records. */
const ERASED_SUBJECTS = "SELECT o.subject_id FROM privacy_operation o WHERE o.operation = 'erase'";

/**
 * The retention sweep's SQL for billing, inside the contract's transaction: a count and one
 * bulk DELETE per table, whatever the number of records.
 */
export class BillingRetentionStore {
  constructor(private readonly tx: EntityManager) {}

  invoicesDue(cutoff: Date): Promise<Counted> {
    return this.countDue(InvoiceEntity, 'issued_at', cutoff);
  }

  paymentsDue(cutoff: Date): Promise<Counted> {
    return this.countDue(PaymentEntity, 'paid_at', cutoff);
  }

  async deleteInvoices(cutoff: Date): Promise<number> {
    return this.deleteDue(InvoiceEntity, 'invoice', 'issued_at', cutoff);
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
   * or payment is left: nothing justifies it any more. An account of a live subject stays.
   */
  async deleteOrphanedErasedAccounts(): Promise<number> {
    const result = await this.tx
      .createQueryBuilder()
      .delete()
      .from(BillingAccountEntity)
      .where(
        `subject_id IN (${ERASED_SUBJECTS}) AND subject_id NOT IN (SELECT i.subject_id FROM invoice i) AND subject_id NOT IN (SELECT p.subject_id FROM payment p) AND ${notHeld('billing_account', 'subject_id')}`,
      )
      .execute();
    return result.affected ?? 0;
  }

  private async countDue(entity: new () => object, column: string, cutoff: Date): Promise<Counted> {
    const row = await this.tx
      .createQueryBuilder()
      .select('COUNT(*)', 'rows')
      .addSelect('COUNT(DISTINCT r.subject_id)', 'subjects')
      .from(entity, 'r')
      .where(`r.${column} <= :cutoff`, { cutoff })
      .getRawOne<{ rows: number | string; subjects: number | string }>();
    return { rows: Number(row?.rows ?? 0), subjects: Number(row?.subjects ?? 0) };
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
