import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type SubjectStatus = 'ACTIVE' | 'INACTIVE' | 'CLOSED' | 'ERASED';

/** The data subject as the profile service knows them: identity and contact. */
@Entity('subject')
export class SubjectEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** Lower-cased email: what `subjectByEmail` looks up, the same on SQLite and MySQL. */
  @Index('ix_subject_email_key', { unique: true })
  @Column({ name: 'email_key', type: 'varchar', length: 254 })
  emailKey!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone!: string | null;

  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate!: string | null;

  @Column({ type: 'varchar', length: 16 })
  locale!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: SubjectStatus;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'last_login_at', type: 'datetime', nullable: true })
  lastLoginAt!: Date | null;

  /** Name and email folded (lower case, no accents) for `searchSubjects`. */
  @Column({ name: 'search_key', type: 'varchar', length: 500 })
  searchKey!: string;
}
