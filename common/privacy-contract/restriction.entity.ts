import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { RestrictionKind } from './processing';

/**
 * A restriction (Art. 18) or objection (Art. 21) as this subgraph holds it: the data stays
 * stored and exported, and the processing named by `scope` leaves the subject out while the row
 * has no `liftedAt`. Every data subgraph keeps its own copy, so each can honour it on its own.
 */
@Entity('processing_restriction')
@Index('ix_processing_restriction_subject', ['subjectId', 'scope'])
export class ProcessingRestrictionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: RestrictionKind;

  /** A RestrictionScope: one processing, or ALL. */
  @Column({ type: 'varchar', length: 40 })
  scope!: string;

  /**
   * The contested categories of data (`@personal` categories, comma-separated, sorted), or null for
   * a restriction of processing only. While in force they are hidden from staff but the dpo, and
   * the subject is in no processing list (V13, V43).
   */
  @Column({ type: 'varchar', length: 400, nullable: true })
  categories!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 36 })
  requestId!: string;

  @Column({ name: 'since', type: 'datetime', precision: 3 })
  since!: Date;

  @Column({ name: 'lifted_at', type: 'datetime', precision: 3, nullable: true })
  liftedAt!: Date | null;

  @Column({ name: 'lift_request_id', type: 'varchar', length: 36, nullable: true })
  liftRequestId!: string | null;
}
