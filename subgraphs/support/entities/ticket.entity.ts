import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The type decides how long veloraqenvi keeps the request (12, 24, 36 or 60 months). */
export const TICKET_TYPES = [
  'TECHNICAL_QUESTION',
  'COMMERCIAL_REQUEST',
  'COMPLAINT',
  'IMPROVEMENT_SUGGESTION',
] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const TICKET_CHANNELS = ['EMAIL', 'PHONE', 'WEB_FORM', 'CHAT'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

export const TICKET_STATUSES = ['OPEN', 'WAITING_ON_SUBJECT', 'RESOLVED', 'CLOSED'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** A support request from a subject, whatever the channel it came through. */
@Entity('support_ticket')
@Index('ix_support_ticket_subject', ['subjectId', 'openedAt'])
export class SupportTicketEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subject_id', type: 'varchar', length: 36 })
  subjectId!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: TicketType;

  @Column({ type: 'varchar', length: 16 })
  channel!: TicketChannel;

  @Column({ type: 'varchar', length: 24 })
  status!: TicketStatus;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  /**
   * The address the conversation went to, copied when the ticket was opened: replies must reach
   * the subject even if profile changes later, and rectification updates this copy too.
   */
  @Column({ name: 'contact_email', type: 'varchar', length: 254 })
  contactEmail!: string;

  @Column({ name: 'opened_at', type: 'datetime' })
  openedAt!: Date;

  /** Retention periods run from resolution (technical questions, suggestions). */
  @Column({ name: 'resolved_at', type: 'datetime', nullable: true })
  resolvedAt!: Date | null;

  /** Commercial requests are kept from the last contact, not from resolution. */
  @Column({ name: 'last_contact_at', type: 'datetime' })
  lastContactAt!: Date;

  /** A complaint under dispute is kept until the dispute ends (Art. 17(3)(e)), whatever its type's period. */
  @Column({ type: 'boolean' })
  disputed!: boolean;
}
