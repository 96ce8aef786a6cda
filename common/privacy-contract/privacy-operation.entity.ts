import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One contract operation done in this subgraph: the key of idempotency (a request retried by
 * the ledger's worker gets the stored receipt, nothing runs twice) and the proof that an erasure
 * happened here (a later rectification of the same subject then changes nothing).
 */
@Entity('privacy_operation')
@Index('ix_privacy_operation_subject', ['subjectId', 'operation'])
export class PrivacyOperationEntity {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 36 })
  requestId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  operation!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  /** The receipt as returned, JSON: counts and record ids, no personal data. */
  @Column({ type: 'text' })
  receipt!: string;

  @Column({ name: 'done_at', type: 'datetime', precision: 3 })
  doneAt!: Date;
}
