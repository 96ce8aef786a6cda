import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Personal, RIGHTS_RECORD } from '../../../../common/privacy';

/** Who the legal representative is to the child: a parent, or a guardian a court appointed (tuteur). */
export const GuardianRelationship = {
  PARENT: 'PARENT',
  LEGAL_GUARDIAN: 'LEGAL_GUARDIAN',
} as const;
export type GuardianRelationship = (typeof GuardianRelationship)[keyof typeof GuardianRelationship];
registerEnumType(GuardianRelationship, {
  name: 'GuardianRelationship',
  description: 'PARENT: a holder of parental authority; LEGAL_GUARDIAN: a guardian appointed by a court (tuteur).',
});

/** Recorded by a dpo from what the legal representative or the child gave: its source is not derived. */
const GIVEN = { ...RIGHTS_RECORD, source: 'SUBJECT' } as const;

@ObjectType({ description: "A minor's legal representative, as a GUARDIAN_CONTACT request recorded them." })
export class Guardian {
  @Field()
  @Personal(GIVEN)
  name!: string;

  @Field({ description: 'Where the guardian message goes.' })
  @Personal(GIVEN)
  email!: string;

  @Field(() => GuardianRelationship)
  @Personal(GIVEN)
  relationship!: GuardianRelationship;
}
