import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One staff read of one subject in one request: who, when, which fields (veloraqenvi: the
 * consultations of sensitive data are traced; ophelantyra: staff act under identifiers that
 * record their actions). Rows are only ever inserted.
 */
@Entity('access_log')
@Index('ix_access_log_subject', ['subjectId', 'at'])
@Index('ix_access_log_principal', ['principal', 'at'])
@Index('ix_access_log_at', ['at'])
export class AccessLogEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** To the millisecond (MySQL: DATETIME(3)), so reads within one second keep their order. */
  @Column({ type: 'datetime', precision: 3 })
  at!: Date;

  /** The caller's `sub`. */
  @Column({ type: 'varchar', length: 200 })
  principal!: string;

  /** Comma-separated roles of the caller's token. */
  @Column({ type: 'varchar', length: 100 })
  roles!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  /** Comma-separated DataSubject fields read, sorted. */
  @Column({ type: 'text' })
  fields!: string;

  @Column({ name: 'request_id', type: 'varchar', length: 36 })
  requestId!: string;

  @Column({ name: 'operation_name', type: 'varchar', length: 100, nullable: true })
  operationName!: string | null;
}
