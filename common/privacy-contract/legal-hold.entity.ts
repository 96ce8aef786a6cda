import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A legal hold as this subgraph holds it (placed by the `requests` service, `privacyHold`): one
 * row per held record, or one row with no record for everything of the subject here. Every
 * delete or anonymisation of erasure and of the retention sweep excludes what an active row
 * covers (`notHeld`, holds.sql.ts), in the same statement, so a hold costs no statement per record.
 */
@Entity('legal_hold')
@Index('ix_legal_hold_subject', ['subjectId', 'releasedAt'])
@Index('ix_legal_hold_hold', ['holdId'])
export class LegalHoldEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'hold_id', type: 'varchar', length: 36 })
  holdId!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  /** The record held (its key in its table); null: every record of the subject in this subgraph. */
  @Column({ name: 'record_id', type: 'varchar', length: 36, nullable: true })
  recordId!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'placed_at', type: 'datetime', precision: 3 })
  placedAt!: Date;

  @Column({ name: 'released_at', type: 'datetime', precision: 3, nullable: true })
  releasedAt!: Date | null;

  @Column({ name: 'release_request_id', type: 'varchar', length: 36, nullable: true })
  releaseRequestId!: string | null;
}
