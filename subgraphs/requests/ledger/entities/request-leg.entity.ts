import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { LegStatus } from '../request.enums';

/** One subgraph's part of a request: retried until done, or failed after too many attempts. */
@Entity('request_leg')
@Index('ix_request_leg_due', ['status', 'nextAttemptAt'])
export class RequestLegEntity {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 36 })
  requestId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  subgraph!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: LegStatus;

  @Column({ type: 'int' })
  attempts!: number;

  /** Why the last attempt failed, in words that hold no personal data, URL or stack. */
  @Column({ name: 'last_error', type: 'varchar', length: 300, nullable: true })
  lastError!: string | null;

  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 })
  nextAttemptAt!: Date;

  /** Set while an attempt runs: no other worker takes the leg before then (a crashed one's lease runs out). */
  @Column({ name: 'claimed_until', type: 'datetime', precision: 3, nullable: true })
  claimedUntil!: Date | null;

  /** The subgraph's receipt, JSON (counts and record ids). */
  @Column({ type: 'text', nullable: true })
  receipt!: string | null;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
