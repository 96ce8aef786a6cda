import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A correction of an issued invoice's wording, entered by support (O35): the invoice row is
 * never rewritten (an issued invoice is an archived accounting record, kept as issued); this row
 * says what it should have read, when, and which request asked it. An amount is corrected by a
 * credit note, never here.
 */
@Entity('invoice_correction')
@Index('ix_invoice_correction_invoice', ['invoiceId', 'correctedAt'])
export class InvoiceCorrectionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'invoice_id', type: 'varchar', length: 36 })
  invoiceId!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  /** The ledger request that asked it (one correction per request: the run kit is idempotent on it). */
  @Column({ name: 'request_id', type: 'varchar', length: 36 })
  requestId!: string;

  /** The corrected wording of the invoice's description. */
  @Column({ type: 'varchar', length: 500 })
  description!: string;

  @Column({ name: 'corrected_at', type: 'datetime' })
  correctedAt!: Date;
}
