import { Field, ID, ObjectType } from 'type-graphql';
import { Personal, type PersonalSpec } from '../../../common/privacy';
import { RestrictionKind, RestrictionScope } from '../../../common/privacy-contract';

/** A restriction or objection is the subject's own statement, kept as proof like a consent. */
export const RESTRICTION_SPEC: PersonalSpec = {
  category: 'CONSENT',
  purposes: ['LEGAL_COMPLIANCE'],
  basis: 'LEGAL_OBLIGATION',
  source: 'SUBJECT',
  retention: 'consent-proof',
};

@ObjectType({
  description:
    'A restriction (Art. 18) or objection (Art. 21) the subject asked for: the data stays, the processing leaves them out while it is in force.',
})
export class ProcessingRestriction {
  @Field(() => RestrictionKind)
  @Personal(RESTRICTION_SPEC)
  kind!: RestrictionKind;

  @Field(() => RestrictionScope)
  @Personal(RESTRICTION_SPEC)
  scope!: RestrictionScope;

  @Field(() => [String], {
    nullable: true,
    description:
      'The contested categories of data (CONTACT, SUPPORT...): while in force, staff but the dpo read them as null, and the subject is in no processing list. Null: a restriction of processing only.',
  })
  @Personal(RESTRICTION_SPEC)
  categories!: string[] | null;

  @Field(() => Date)
  @Personal(RESTRICTION_SPEC)
  since!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was lifted (a restriction) or withdrawn by a consent (an objection); null while in force.',
  })
  @Personal(RESTRICTION_SPEC)
  liftedAt!: Date | null;

  @Field(() => ID, { description: 'The rights request that recorded it.' })
  @Personal(RESTRICTION_SPEC)
  requestId!: string;
}
