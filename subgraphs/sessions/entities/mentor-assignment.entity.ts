import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Who mentors the subject, and from when to when. The mentor may see the subject's record
 * only while an assignment is in force (ophelantyra: access revoked when the programme ends),
 * so the status is derived from the dates rather than stored beside them, where it could
 * disagree with them.
 */
@Entity('mentor_assignment')
@Index('ix_mentor_assignment_subject', ['subjectId', 'startsOn'])
@Index('ix_mentor_assignment_mentor', ['mentorId', 'endsOn'])
export class MentorAssignmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ name: 'mentor_id', type: 'varchar', length: 36 })
  mentorId!: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  /** Last day of the assignment (inclusive); null while no end is planned. */
  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn!: string | null;
}
