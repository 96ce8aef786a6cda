import { Field, ObjectType } from 'type-graphql';
import { Personal, RIGHTS_RECORD } from '../../../../common/privacy';
import { IdentityMethod } from '../identity';

@ObjectType({ description: "How the subject's identity was verified before the request was acted on." })
export class IdentityVerification {
  @Field(() => IdentityMethod)
  @Personal(RIGHTS_RECORD)
  method!: IdentityMethod;

  @Field(() => String, { nullable: true, description: "The dpo's reference to the evidence; null for SUBJECT_TOKEN." })
  @Personal(RIGHTS_RECORD)
  evidenceRef!: string | null;

  @Field({ description: "Who verified it: the subject's or the dpo's `sub`." })
  @Personal(RIGHTS_RECORD)
  verifiedBy!: string;

  @Field()
  @Personal(RIGHTS_RECORD)
  verifiedAt!: Date;
}
