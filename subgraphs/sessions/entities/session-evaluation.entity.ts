import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What the subject thought of a session, given after it. */
@Entity('session_evaluation')
@Index('ix_session_evaluation_subject', ['subjectId', 'submittedAt'])
export class SessionEvaluationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ name: 'session_id', type: 'varchar', length: 36 })
  sessionId!: string;

  /** 1 (poor) to 5 (excellent). */
  @Column({ type: 'int' })
  rating!: number;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'submitted_at', type: 'datetime' })
  submittedAt!: Date;
}
