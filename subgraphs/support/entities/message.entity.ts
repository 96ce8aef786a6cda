import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const MESSAGE_AUTHORS = ['SUBJECT', 'STAFF'] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

/** One message of a ticket's conversation, from the subject or from support staff. */
@Entity('support_message')
@Index('ix_support_message_ticket', ['ticketId', 'sentAt'])
export class SupportMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'ticket_id', type: 'varchar', length: 36 })
  ticketId!: string;

  @Column({ type: 'varchar', length: 16 })
  author!: MessageAuthor;

  @Column({ name: 'sent_at', type: 'datetime' })
  sentAt!: Date;

  @Column({ type: 'text' })
  body!: string;
}
