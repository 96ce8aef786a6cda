import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One meeting of a mentee with their mentor, and what was said of it (ophelantyra). */
@Entity('mentoring_session')
@Index('ix_mentoring_session_subject', ['subjectId', 'scheduledAt'])
export class MentoringSessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ name: 'mentor_id', type: 'varchar', length: 36 })
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
