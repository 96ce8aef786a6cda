import { Field, ObjectType } from 'type-graphql';
import { Personal, RIGHTS_RECORD } from '../../../../common/privacy';

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

  @Field({ description: 'PARENT or LEGAL_GUARDIAN.' })
  @Personal(GIVEN)
  relationship!: string;
}
