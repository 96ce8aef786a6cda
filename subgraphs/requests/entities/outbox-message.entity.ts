import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Mail to send. It stands in for the mail service: a delivery job would send and stamp
 * `sentAt`; here tests and the playground read it (the confirmation link of a new email).
 */
@Entity('outbox_message')
@Index('ix_outbox_message_request', ['requestId'])
export class OutboxMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'request_id', type: 'varchar', length: 36 })
  requestId!: string;

  @Column({ type: 'varchar', length: 254 })
  recipient!: string;

  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;
}
