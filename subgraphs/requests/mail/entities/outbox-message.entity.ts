import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type OutboxStatus = 'PENDING' | 'SENT' | 'FAILED';

/**
 * A message to send, written in the same transaction as what caused it (a request received,
 * completed, rejected or extended; a new email to confirm). It holds everything delivery needs,
 * already rendered in the subject's language, so that sending never has to ask anyone: the
 * delivery worker (mail.delivery.ts) claims it, sends it, and records the outcome here.
 */
@Entity('outbox_message')
@Index('ix_outbox_message_request', ['requestId'])
@Index('ix_outbox_message_due', ['status', 'nextAttemptAt'])
@Index('ix_outbox_message_subject', ['subjectId'])
export class OutboxMessageEntity {
  /** Also the message's Message-ID (`<id@domain>`): a resend after an ambiguous failure is recognisable. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The request that caused it; null for messages of no request (inactivity warning, guardian contact). */
  @Column({ name: 'request_id', type: 'varchar', length: 36, nullable: true })
  requestId!: string | null;

  /** Whom it is about (a dpo lists a subject's messages); null for messages written before it was kept. */
  @Column({ name: 'subject_id', type: 'varchar', length: 36, nullable: true })
  subjectId!: string | null;

  @Column({ type: 'varchar', length: 254 })
  recipient!: string;

  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Column({ type: 'varchar', length: 8 })
  language!: string;

  /** The subject line. */
  @Column({ type: 'varchar', length: 200 })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: OutboxStatus;

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3 })
  nextAttemptAt!: Date;

  /** While a worker is sending it; a crashed worker's lease simply runs out. */
  @Column({ name: 'claimed_until', type: 'datetime', precision: 3, nullable: true })
  claimedUntil!: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 300, nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;

  /** What the transport answered: the SMTP server's reply (its queue id), or the `.eml` file written. */
  @Column({ name: 'provider_message_id', type: 'varchar', length: 300, nullable: true })
  providerMessageId!: string | null;
}
