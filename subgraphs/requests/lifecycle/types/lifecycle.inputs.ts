import { Field, ID, InputType } from 'type-graphql';
import { IDENTITY_FIELD_DESCRIPTION, IdentityVerificationInput } from '../../ledger/types/identity-verification.input';

@InputType({ description: "Closing an account: what follows is the configured policy's (see the README)." })
export class CloseAccountInput {
  @Field(() => ID)
  subjectId!: string;

  @Field(() => String, { nullable: true, description: 'Why; at most 1000 characters.' })
  reason?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'dpo only: the day (YYYY-MM-DD) the subject asked, when the closure came by letter or phone and is recorded later; ' +
      'not in the future. Left out: now. The periods after the closure run from it.',
  })
  receivedOn?: string | null;

  @Field(() => IdentityVerificationInput, { nullable: true, description: IDENTITY_FIELD_DESCRIPTION })
  identityVerification?: IdentityVerificationInput | null;
}

@InputType({ description: "A parental consent for a minor's account (veloraqenvi): who gave it, when, the evidence." })
export class RecordParentalConsentInput {
  @Field(() => ID)
  subjectId!: string;

  @Field(() => String, { description: 'The legal representative who consented (at most 1000 characters).' })
  guardianName!: string;

  @Field(() => String, { description: 'The day (YYYY-MM-DD) the consent was given; not in the future.' })
  givenOn!: string;

  @Field(() => String, { description: 'Where the evidence is (a signed form, a message id...).' })
  evidenceRef!: string;

  @Field(() => IdentityVerificationInput, { nullable: true, description: IDENTITY_FIELD_DESCRIPTION })
  identityVerification?: IdentityVerificationInput | null;
}
