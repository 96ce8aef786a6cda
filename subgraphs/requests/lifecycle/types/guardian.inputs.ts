import { Field, ID, InputType } from 'type-graphql';
import { GuardianRelationship } from '../../ledger/types/guardian.type';
import { IDENTITY_FIELD_DESCRIPTION, IdentityVerificationInput } from '../../ledger/types/identity-verification.input';

@InputType({
  description: "A minor's legal representative (O38, V45): the guardian message goes to this address. dpo only.",
})
export class RecordGuardianInput {
  @Field(() => ID, { description: 'The minor (under the policy minimum age); NOT_A_MINOR otherwise.' })
  subjectId!: string;

  @Field(() => String, { description: 'The legal representative (at most 200 characters).' })
  name!: string;

  @Field(() => String, { description: 'Where to write to them.' })
  email!: string;

  @Field(() => GuardianRelationship)
  relationship!: GuardianRelationship;

  @Field(() => IdentityVerificationInput, { nullable: true, description: IDENTITY_FIELD_DESCRIPTION })
  identityVerification?: IdentityVerificationInput | null;
}
