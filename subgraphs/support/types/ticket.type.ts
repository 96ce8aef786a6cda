import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { NotPersonal, Personal } from '../../../common/privacy';
import { SupportMessage } from './message.type';

export enum TicketType {
  TECHNICAL_QUESTION = 'TECHNICAL_QUESTION',
  COMMERCIAL_REQUEST = 'COMMERCIAL_REQUEST',
  COMPLAINT = 'COMPLAINT',
  IMPROVEMENT_SUGGESTION = 'IMPROVEMENT_SUGGESTION',
}
registerEnumType(TicketType, {
  name: 'TicketType',
  description: 'What the request is about; it decides how long the ticket is kept.',
});

export enum TicketChannel {
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  WEB_FORM = 'WEB_FORM',
  CHAT = 'CHAT',
}
registerEnumType(TicketChannel, { name: 'TicketChannel', description: 'How the subject reached support.' });

export enum TicketStatus {
  OPEN = 'OPEN',
  WAITING_ON_SUBJECT = 'WAITING_ON_SUBJECT',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}
registerEnumType(TicketStatus, { name: 'TicketStatus' });

@ObjectType({ description: 'A support request and its conversation.' })
export class SupportTicket {
  @Field(() => ID)
  @NotPersonal('technical identifier')
  id!: string;

  // Complaints are kept 60 months "pour conformité légale": the type is also a compliance record.
  @Field(() => TicketType)
  @Personal({
    category: 'SUPPORT',
    purposes: ['SUPPORT', 'LEGAL_COMPLIANCE'],
    basis: 'CONTRACT',
    source: 'STAFF',
    retention: 'support',
  })
  type!: TicketType;

  @Field(() => TicketChannel)
  @Personal({ category: 'SUPPORT', purposes: ['SUPPORT'], basis: 'CONTRACT', source: 'OBSERVED', retention: 'support' })
  channel!: TicketChannel;

  @Field(() => TicketStatus)
  @Personal({ category: 'SUPPORT', purposes: ['SUPPORT'], basis: 'CONTRACT', source: 'STAFF', retention: 'support' })
  status!: TicketStatus;

  @Field()
  @Personal({
    category: 'SUPPORT',
    purposes: ['SUPPORT', 'SERVICE_IMPROVEMENT'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'support',
    recipients: ['EMAIL_PROVIDER'],
  })
  title!: string;

  @Field({ description: 'The email the conversation used, copied from the profile when the ticket was opened.' })
  @Personal({
    category: 'CONTACT',
    purposes: ['SUPPORT'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'support',
    recipients: ['EMAIL_PROVIDER'],
  })
  contactEmail!: string;

  @Field()
  @Personal({
    category: 'SUPPORT',
    purposes: ['SUPPORT', 'SERVICE_IMPROVEMENT'],
    basis: 'CONTRACT',
    source: 'OBSERVED',
    retention: 'support',
  })
  openedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Personal({
    category: 'SUPPORT',
    purposes: ['SUPPORT', 'SERVICE_IMPROVEMENT'],
    basis: 'CONTRACT',
    source: 'STAFF',
    retention: 'support',
  })
  resolvedAt!: Date | null;

  @Field()
  @Personal({ category: 'SUPPORT', purposes: ['SUPPORT'], basis: 'CONTRACT', source: 'OBSERVED', retention: 'support' })
  lastContactAt!: Date;

  // Kept to defend legal claims, an interest of ours rather than the contract's.
  @Field({ description: 'A complaint under dispute, kept until the dispute is settled (Art. 17(3)(e)).' })
  @Personal({
    category: 'SUPPORT',
    purposes: ['LEGAL_COMPLIANCE'],
    basis: 'LEGITIMATE_INTEREST',
    source: 'STAFF',
    retention: 'dispute',
  })
  disputed!: boolean;

  @Field(() => [SupportMessage], { description: 'Oldest first.' })
  @Personal({
    category: 'SUPPORT',
    purposes: ['SUPPORT', 'SERVICE_IMPROVEMENT'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'support',
    recipients: ['EMAIL_PROVIDER'],
  })
  messages?: SupportMessage[];
}
