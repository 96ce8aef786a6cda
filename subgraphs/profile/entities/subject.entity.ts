import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type SubjectStatus = 'ACTIVE' | 'INACTIVE' | 'CLOSED' | 'ERASED';

/**
 * The data subject as the profile service knows them: identity and contact. After an erasure
 * the row stays as a tombstone (id, status ERASED, creation and erasure dates, the request id),
 * so that the subject's id still answers "erased" rather than "unknown"; every identifying
 * column is then NULL, hence nullable.
 */
@Entity('subject')
export class SubjectEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200, nullable: true })
  fullName!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  /**
   * Lower-cased email: what `subjectByEmail` looks up, the same on SQLite and MySQL. NULL on a
   * tombstone (a unique index admits many NULLs on both).
   */
  @Index('ix_subject_email_key', { unique: true })
  @Column({ name: 'email_key', type: 'varchar', length: 254, nullable: true })
  emailKey!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone!: string | null;

  /** Indexed for the minors rule, asked at every sweep (migration 1765000000800). */
  @Index('ix_subject_birth_date')
  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  locale!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: SubjectStatus;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'last_login_at', type: 'datetime', nullable: true })
  lastLoginAt!: Date | null;

  /**
   * Name and email folded (lower case, no accents) for `searchSubjects`; NULL on a tombstone, so no
   * search finds it.
   */
  @Column({ name: 'search_key', type: 'varchar', length: 500, nullable: true })
  searchKey!: string | null;

  /** When the erasure made this row a tombstone. */
  @Column({ name: 'erased_at', type: 'datetime', precision: 3, nullable: true })
  erasedAt!: Date | null;

  /** The rights request that erased the subject: the ledger's record of it. */
  @Column({ name: 'erasure_request_id', type: 'varchar', length: 36, nullable: true })
  erasureRequestId!: string | null;
}
