import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type InvoiceStatus = 'PAID' | 'OPEN' | 'VOID';

/** An invoice as issued. Accounting law keeps it 7 (ophelantyra) or 10 (veloraqenvi) years, erasure or not. */
@Entity('invoice')
@Index('ix_invoice_subject', ['subjectId', 'issuedAt'])
export class InvoiceEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  /** The number printed on the invoice (F-2026-000123): what the subject and the tax office quote. */
  @Index('ux_invoice_number', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  number!: string;

  @Column({ name: 'issued_at', type: 'datetime' })
  issuedAt!: Date;

  @Column({ name: 'due_at', type: 'date' })
  dueAt!: string;

  @Column({ name: 'amount_cents', type: 'int' })
  amountCents!: number;

  /** ISO 4217. */
  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @Column({ type: 'varchar', length: 8 })
  status!: InvoiceStatus;

  @Column({ type: 'varchar', length: 500 })
  description!: string;
}
