import { Column, Entity, Index, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** A JSON array in a text column: the same on SQLite and MySQL, and never queried inside. */
const stringList: ValueTransformer = {
  to: (pages: readonly string[]): string => JSON.stringify(pages),
  from: (stored: string): string[] => JSON.parse(stored) as string[],
};

/**
 * One visit to the platform, as the server logged it. Kept 12 months then anonymised
 * (veloraqenvi), which is why it is a table of its own rather than part of the usage history.
 */
@Entity('connection_log')
@Index('ix_connection_log_subject', ['subjectId', 'startedAt'])
export class ConnectionLogEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /**
   * NULL once the retention sweep anonymised the log (12 months, veloraqenvi), with `ip` and
   * `userAgent`. Typed non-null: every read goes by subject, so never reaches an anonymised row.
   */
  @Column({ name: 'subject_id', type: 'varchar', length: 36, nullable: true })
  subjectId!: string;

  /** IPv4 or IPv6, as text (45 is the longest IPv6 form with an embedded IPv4). */
  @Column({ type: 'varchar', length: 45, nullable: true })
  ip!: string;

  @Column({ name: 'user_agent', type: 'varchar', length: 500, nullable: true })
  userAgent!: string;

  /** The browser's language (BCP 47 tag). */
  @Column({ type: 'varchar', length: 35 })
  language!: string;

  @Column({ name: 'started_at', type: 'datetime' })
  startedAt!: Date;

  @Column({ name: 'duration_seconds', type: 'int' })
  durationSeconds!: number;

  /** Paths visited, in order. */
  @Column({ type: 'text', transformer: stringList })
  pages!: string[];
}
