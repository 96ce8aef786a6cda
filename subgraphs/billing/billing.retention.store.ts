import { erasedHere, notHeld, type HeldDue, type SweepSteps } from '../../common/privacy-contract';

/**
 * SQL: no row of `table` has this `column` value: a lookup per row by its index. Not `NOT IN
 * (SELECT ...)`, which MariaDB runs on a materialised copy of the whole column, built again at
 * each chunk's statement (decision 322).
 */
const noneIn = (table: string, column: string, value: string): string =>
  `(SELECT 1 FROM ${table} x WHERE x.${column} = ${value} LIMIT 1) IS NULL`;

/** Billing's records a rule dates: table and date column. */
type Dated = 'invoice' | 'payment';
const DATE_COLUMN: Record<Dated, string> = { invoice: 'issued_at', payment: 'paid_at' };

/**
 * The retention sweep's SQL for billing, as steps of the sweep (retention.chunks.ts): counts,
 * hold counts and DELETEs in key order, a bounded number of rows per statement and transaction.
 */
export class BillingRetentionStore {
  constructor(private readonly steps: SweepSteps) {}

  /** Subjects with records of `table` on or before the cutoff. */
  subjectsDue(table: Dated, cutoff: Date): Promise<number> {
    return this.steps.subjects(`${table}:subjects`, {
      from: `${table} r`,
      subject: 'r.subject_id',
      where: `r.${DATE_COLUMN[table]} <= :cutoff`,
      parameters: { cutoff },
    });
  }

  /** Due records of `table` that a legal hold keeps past their period. */
  heldDue(table: Dated, cutoff: Date): Promise<HeldDue> {
    return this.steps.held(`${table}:held`, {
      table,
      where: `${DATE_COLUMN[table]} <= :cutoff`,
      parameters: { cutoff },
    });
  }

  deleteDue(table: Dated, cutoff: Date): Promise<number> {
    return this.steps.write(`${table}:delete`, {
      table,
      where: `${DATE_COLUMN[table]} <= :cutoff AND ${notHeld(table)}`,
      parameters: { cutoff },
    });
  }

  /** Corrections of invoices the sweep deleted (O35): they go with the invoice they correct, never before. */
  deleteOrphanedCorrections(): Promise<number> {
    return this.steps.write('invoice_correction:delete', {
      table: 'invoice_correction',
      where: `invoice_id IS NOT NULL AND ${noneIn('invoice', 'id', 'invoice_correction.invoice_id')}`,
    });
  }

  /**
   * The account an erasure kept for the invoices (name and address they show), once no invoice
   * or payment is left: nothing justifies it any more. An account of a live subject stays (only
   * an erased subject's account is kept for the accounting records alone).
   */
  deleteOrphanedErasedAccounts(): Promise<number> {
    return this.steps.write('billing_account:delete', {
      table: 'billing_account',
      key: 'subject_id',
      where: [
        erasedHere('billing_account.subject_id'),
        noneIn('invoice', 'subject_id', 'billing_account.subject_id'),
        noneIn('payment', 'subject_id', 'billing_account.subject_id'),
        notHeld('billing_account', 'subject_id'),
      ].join(' AND '),
    });
  }
}
