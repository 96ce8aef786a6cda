import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A legal hold as the ledger records it: whose records, which (scope), why, who placed it and
 * when, and its release. The data subgraphs keep their own copy (`legal_hold` in each, placed by
 * the LEGAL_HOLD request's legs), which their erasure and sweep statements join.
 */
@Entity('legal_hold')
@Index('ix_legal_hold_subject', ['subjectId', 'placedAt'])
export class LegalHoldEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  /** SUBJECT (every record, everywhere), SUBGRAPH (every record in one subgraph) or RECORDS. */
  @Column({ type: 'varchar', length: 16 })
  scope!: string;

  /** The subgraph of a SUBGRAPH hold (or of RECORDS when named); null otherwise. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  subgraph!: string | null;

  /** RECORDS: the ids named, JSON. */
  @Column({ name: 'record_ids', type: 'text', nullable: true })
  recordIds!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'placed_by', type: 'varchar', length: 200 })
  placedBy!: string;

  @Column({ name: 'placed_at', type: 'datetime', precision: 3 })
  placedAt!: Date;

  /** The LEGAL_HOLD request that carries the hold to the subgraphs. */
  @Column({ name: 'place_request_id', type: 'varchar', length: 36 })
  placeRequestId!: string;

  @Column({ name: 'released_at', type: 'datetime', precision: 3, nullable: true })
  releasedAt!: Date | null;

  @Column({ name: 'released_by', type: 'varchar', length: 200, nullable: true })
  releasedBy!: string | null;

  @Column({ name: 'release_reason', type: 'text', nullable: true })
  releaseReason!: string | null;

  /** The HOLD_RELEASE request that lifts it and carries out what it deferred. */
  @Column({ name: 'release_request_id', type: 'varchar', length: 36, nullable: true })
  releaseRequestId!: string | null;

  /**
   * Set by a dpo when telling the subject of the hold would harm the claim it serves (the legal
   * reason, kept): the subject's copy then counts it without showing it.
   */
  @Column({ name: 'confidential_reason', type: 'text', nullable: true })
  confidentialReason!: string | null;
}
