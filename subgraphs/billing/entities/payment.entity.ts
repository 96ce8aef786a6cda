import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type PaymentMethod = 'CARD' | 'SEPA_DEBIT' | 'TRANSFER';

/**
 * A settlement the payment provider confirmed. It tells us the amount and its own reference,
 * never the card or account number, so none is stored.
 */
@Entity('payment')
@Index('ix_payment_subject', ['subjectId', 'paidAt'])
export class PaymentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ name: 'invoice_id', type: 'varchar', length: 36 })
  invoiceId!: string;

  @Column({ name: 'paid_at', type: 'datetime' })
  paidAt!: Date;

  @Column({ name: 'amount_cents', type: 'int' })
  amountCents!: number;

  /** ISO 4217. */
  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @Column({ type: 'varchar', length: 16 })
  method!: PaymentMethod;

  /** The provider's id of the payment ("pi_..."), the only link to its records. */
  @Column({ name: 'provider_payment_ref', type: 'varchar', length: 64 })
  providerPaymentRef!: string;
}
