import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NotPersonal, Personal, type PersonalSpec } from '../../../../common/privacy';

export enum OutboxStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
}
registerEnumType(OutboxStatus, {
  name: 'OutboxStatus',
  description:
    'PENDING: not sent yet (or retrying, see lastError); SENT: the transport took it; FAILED: gave up (retryMessage).',
});

export enum MessageKind {
  EMAIL_CONFIRMATION = 'EMAIL_CONFIRMATION',
  REQUEST_RECEIVED = 'REQUEST_RECEIVED',
  REQUEST_COMPLETED = 'REQUEST_COMPLETED',
  REQUEST_REJECTED = 'REQUEST_REJECTED',
  DEADLINE_EXTENDED = 'DEADLINE_EXTENDED',
  PACKAGE_READY = 'PACKAGE_READY',
  INACTIVITY_WARNING = 'INACTIVITY_WARNING',
  GUARDIAN_CONTACT = 'GUARDIAN_CONTACT',
  REQUEST_DELAYED = 'REQUEST_DELAYED',
  REQUEST_FAILED = 'REQUEST_FAILED',
  DISCLOSURE_MADE = 'DISCLOSURE_MADE',
  BREACH_NOTIFIED = 'BREACH_NOTIFIED',
  OBJECTION_EXAMINED = 'OBJECTION_EXAMINED',
  OBJECTION_DECIDED = 'OBJECTION_DECIDED',
}
registerEnumType(MessageKind, { name: 'MessageKind', description: 'Why a message was written.' });

/** A message to a subject: proof that they were told (Art. 12), kept with the request it belongs to. */
const MAIL_RECORD: PersonalSpec = {
  category: 'CONTACT',
  purposes: ['LEGAL_COMPLIANCE', 'COMMUNICATION'],
  basis: 'LEGAL_OBLIGATION',
  source: 'DERIVED',
  retention: 'rights-requests',
  recipients: ['EMAIL_PROVIDER'],
};

@ObjectType({ description: 'A message of the outbox and where its delivery stands.' })
export class OutboxMessage {
  @Field(() => ID, { description: 'Also its Message-ID: <id@domain of MAIL_FROM>.' })
  @NotPersonal('technical identifier')
  id!: string;

  @Field(() => ID, { nullable: true })
  @Personal(MAIL_RECORD)
  requestId!: string | null;

  @Field(() => ID, { nullable: true })
  @Personal(MAIL_RECORD)
  subjectId!: string | null;

  @Field(() => MessageKind)
  @Personal(MAIL_RECORD)
  kind!: MessageKind;

  @Field({ description: 'fr or en.' })
  @Personal(MAIL_RECORD)
  language!: string;

  @Field()
  @Personal(MAIL_RECORD)
  recipient!: string;

  @Field({ description: 'The subject line.' })
  @Personal(MAIL_RECORD)
  subjectLine!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The text (dpo only). Null for an EMAIL_CONFIRMATION: its code proves the new address, so it is read in that mailbox, not here.',
  })
  @Personal(MAIL_RECORD)
  body!: string | null;

  @Field(() => OutboxStatus)
  @NotPersonal('delivery state')
  status!: OutboxStatus;

  @Field(() => Int, { description: 'Delivery attempts so far.' })
  @NotPersonal('delivery state')
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (never the recipient).' })
  @NotPersonal('delivery state')
  lastError!: string | null;

  @Field(() => Date, { nullable: true, description: 'When a PENDING message is tried next.' })
  @NotPersonal('delivery state')
  nextAttemptAt!: Date | null;

  @Field()
  @Personal(MAIL_RECORD)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @Personal(MAIL_RECORD)
  sentAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "What the transport answered: the SMTP server's reply (its queue id), or the .eml file written.",
  })
  @NotPersonal('delivery state')
  providerMessageId!: string | null;
}
