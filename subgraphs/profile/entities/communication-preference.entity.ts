import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('communication_preference')
export class CommunicationPreferenceEntity {
  @PrimaryColumn({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ name: 'preferred_channel', type: 'varchar', length: 16 })
  preferredChannel!: string;

  @Column({ name: 'session_reminders', type: 'boolean' })
  sessionReminders!: boolean;

  @Column({ name: 'programme_news', type: 'boolean' })
  programmeNews!: boolean;

  @Column({ name: 'event_invitations', type: 'boolean' })
  eventInvitations!: boolean;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
