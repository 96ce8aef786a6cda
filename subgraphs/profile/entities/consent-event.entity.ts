import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The purposes asked at sign-up (the demo population answers each). */
export const CONSENT_PURPOSES = [
  'MARKETING',
  'EMPLOYER_REPORTING',
  'RESEARCH',
  'ANALYTICS',
  'PERSONALISED_RECOMMENDATIONS',
] as const;
/**
 * Processing on legitimate interest that is never asked at sign-up, only objected to (O36, V46);
 * a consent granted to one of them ends the subject's objection, as for the others.
 */
export const OBJECTION_ONLY_PURPOSES = ['SECURITY', 'FRAUD_PREVENTION'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number] | (typeof OBJECTION_ONLY_PURPOSES)[number];

/**
 * One grant or withdrawal of consent. Rows are only ever appended: the current consent per
 * purpose is the latest event, and the history is the proof Art. 7(1) asks for.
 */
@Entity('consent_event')
@Index('ix_consent_event_subject', ['subjectId', 'recordedAt'])
export class ConsentEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ type: 'varchar', length: 40 })
  purpose!: ConsentPurpose;

  @Column({ type: 'boolean' })
  granted!: boolean;

  /**
   * To the millisecond (migration ProfilePrivacy1763760000000): the latest event is the consent
   * in force, and a grant and a withdrawal recorded within one second must stay in order on MySQL too.
   */
  @Column({ name: 'recorded_at', type: 'datetime', precision: 3 })
  recordedAt!: Date;

  /** Where it was given or withdrawn: SIGNUP_FORM, ACCOUNT_SETTINGS, SUPPORT, ... */
  @Column({ type: 'varchar', length: 40 })
  source!: string;
}
