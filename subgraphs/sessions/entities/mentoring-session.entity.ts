import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One meeting of a mentee with their mentor, and what was said of it (ophelantyra). */
@Entity('mentoring_session')
@Index('ix_mentoring_session_subject', ['subjectId', 'scheduledAt'])
export class MentoringSessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /**
   * NULL once the retention sweep anonymised the session (six months without activity,
   * ophelantyra), with `mentorId` and `notes`. Typed non-null: every read goes by subject, so
   * never reaches an anonymised row.
   */
  @Column({ name: 'subject_id', type: 'varchar', length: 36, nullable: true })
  subjectId!: string;

  @Column({ name: 'mentor_id', type: 'varchar', length: 36, nullable: true })
  mentorId!: string;

  @Column({ name: 'scheduled_at', type: 'datetime' })
  scheduledAt!: Date;

  @Column({ name: 'duration_minutes', type: 'int' })
  durationMinutes!: number;

  @Column({ type: 'text' })
  goals!: string;

  @Column({ type: 'text' })
  challenges!: string;

  @Column({ name: 'agreed_actions', type: 'text' })
  agreedActions!: string;

  /** The mentor's own notes; null until the mentor writes some. */
  @Column({ type: 'text', nullable: true })
  notes!: string | null;
}
