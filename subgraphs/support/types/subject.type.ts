import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Personal, SUBJECT_ID } from '../../../common/privacy';
import { SupportTicket } from './ticket.type';

/** The subject as support knows them: only an id to hang tickets on; profile owns the rest. */
@ObjectType('DataSubject')
@Directive('@key(fields: "id")')
export class DataSubject {
  @Field(() => ID)
  @Personal(SUBJECT_ID)
  id!: string;

  // Nullable: if support is down, the export still carries what the other services hold.
  @Field(() => [SupportTicket], {
    nullable: true,
    description: 'Oldest first; null only when the support service did not answer.',
  })
  @Personal({
    category: 'SUPPORT',
    purposes: ['SUPPORT', 'SERVICE_IMPROVEMENT', 'LEGAL_COMPLIANCE'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'support',
    recipients: ['EMAIL_PROVIDER'],
  })
  supportTickets?: SupportTicket[];
}
