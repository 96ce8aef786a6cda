import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What the subject thought of a session, given after it. Erasure keeps the rating and its date
 * for the statistics but clears the comment and both links, so `subjectId` and `sessionId` are
 * null on an anonymised row (which no export reads: exports select by subject).
 */
@Entity('session_evaluation')
@Index('ix_session_evaluation_subject', ['subjectId', 'submittedAt'])
export class SessionEvaluationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36, nullable: true })
  subjectId!: string | null;

  @Column({ name: 'session_id', type: 'varchar', length: 36, nullable: true })
  sessionId!: string | null;

  /** 1 (poor) to 5 (excellent). */
  @Column({ type: 'int' })
  rating!: number;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'submitted_at', type: 'datetime' })
  submittedAt!: Date;
}

/**
 * An evaluation read by subject: never an anonymised one, since erasure clears the subject and
 * the session together. What the export serves, with its non-null `sessionId`.
 */
export type OwnedEvaluation = SessionEvaluationEntity & { subjectId: string; sessionId: string };
