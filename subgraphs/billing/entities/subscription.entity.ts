import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type SubscriptionStatus = 'ACTIVE' | 'CANCELLED' | 'EXPIRED';

/** A paid programme the subject signed up for; the contract the invoices are issued under. */
@Entity('subscription')
@Index('ix_subscription_subject', ['subjectId', 'startedAt'])
export class SubscriptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ type: 'varchar', length: 80 })
  plan!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: SubscriptionStatus;

  @Column({ name: 'started_at', type: 'datetime' })
  startedAt!: Date;

  /** Null while it renews with no end date set. */
  @Column({ name: 'ends_at', type: 'datetime', nullable: true })
  endsAt!: Date | null;

  @Column({ name: 'renews_automatically', type: 'boolean' })
  renewsAutomatically!: boolean;
}
