import { Field, ID, InputType } from 'type-graphql';
import { IDENTITY_FIELD_DESCRIPTION, IdentityVerificationInput } from '../../ledger/types/identity-verification.input';

@InputType()
export class RequestExportInput {
  @Field(() => ID)
  subjectId!: string;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'The portable package (Art. 20) rather than the access package (Art. 15). Left out: false.',
  })
  portable?: boolean | null;

  @Field(() => IdentityVerificationInput, {
    nullable: true,
    description: IDENTITY_FIELD_DESCRIPTION,
  })
  identityVerification?: IdentityVerificationInput | null;
}
