import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { IDENTITY_FIELD_DESCRIPTION, IdentityVerificationInput } from '../../ledger/types/identity-verification.input';

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
