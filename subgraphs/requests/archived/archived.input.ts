import { Field, ID, InputType } from 'type-graphql';
import { IDENTITY_FIELD_DESCRIPTION, IdentityVerificationInput } from '../ledger/types/identity-verification.input';

@InputType({
  description:
    "A correction of an archived record (O35): an issued invoice's wording (a misspelt name, the wrong programme). The invoice stays as issued; an amount is corrected by a credit note, not here.",
})
export class CorrectArchivedRecordInput {
  @Field(() => ID)
  subjectId!: string;

  @Field(() => ID, { description: "The invoice to correct: one of the subject's (another's is NOT_FOUND)." })
  invoiceId!: string;

  @Field({ description: 'The corrected wording of the description; 1 to 500 characters.' })
  description!: string;

  @Field({ description: 'Why the correction is made (what the subject reported); required, at most 1000 characters.' })
  reason!: string;

  @Field(() => IdentityVerificationInput, { nullable: true, description: IDENTITY_FIELD_DESCRIPTION })
  identityVerification?: IdentityVerificationInput | null;
}
