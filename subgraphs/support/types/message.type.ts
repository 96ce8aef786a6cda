import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { NotPersonal, Personal } from '../../../common/privacy';

export enum SupportMessageAuthor {
  SUBJECT = 'SUBJECT',
  STAFF = 'STAFF',
}
registerEnumType(SupportMessageAuthor, { name: 'SupportMessageAuthor', description: 'Who wrote a support message.' });

@ObjectType({ description: 'One message of a support conversation.' })
export class SupportMessage {
  @Field(() => ID)
  @NotPersonal('technical identifier')
  id!: string;

  @Field(() => SupportMessageAuthor)
  @Personal({ category: 'SUPPORT', purposes: ['SUPPORT'], basis: 'CONTRACT', source: 'OBSERVED', retention: 'support' })
  author!: SupportMessageAuthor;

  @Field()
  @Personal({ category: 'SUPPORT', purposes: ['SUPPORT'], basis: 'CONTRACT', source: 'OBSERVED', retention: 'support' })
  sentAt!: Date;

  // One classification per field, not per row: the conversation is what the subject asked for,
  // staff replies included, so it is exported as theirs.
  @Field({ description: 'The message as written, by the subject or by staff (see author).' })
  @Personal({
    category: 'SUPPORT',
    purposes: ['SUPPORT', 'SERVICE_IMPROVEMENT'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'support',
    recipients: ['EMAIL_PROVIDER'],
  })
  body!: string;
}
