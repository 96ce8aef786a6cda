import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** How far a learner got in one budget-education module (veloraqenvi). */
@Entity('learning_progress')
@Index('ix_learning_progress_subject', ['subjectId', 'startedAt'])
export class LearningProgressEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ name: 'module_code', type: 'varchar', length: 40 })
  moduleCode!: string;

  /** Copied from the catalogue when started: the export must read the same if the module is renamed. */
  @Column({ name: 'module_title', type: 'varchar', length: 200 })
  moduleTitle!: string;

  @Column({ name: 'progress_percent', type: 'int' })
  progressPercent!: number;

  @Column({ name: 'started_at', type: 'datetime' })
  startedAt!: Date;

  @Column({ name: 'completed_at', type: 'datetime', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
