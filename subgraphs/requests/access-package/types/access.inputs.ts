import { Field, ID, InputType } from 'type-graphql';
import { IdentityMethod } from '../../ledger/identity';

@InputType({ description: "How a dpo verified the subject's identity before entering their request (O14, V27)." })
export class IdentityVerificationInput {
  @Field(() => IdentityMethod)
  method!: IdentityMethod;

  @Field(() => String, {
    nullable: true,
    description: 'Where the evidence is kept (a case or letter reference; never the document itself); required.',
  })
  evidenceRef?: string | null;
}

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
    description:
      'Required when a dpo enters the request; ignored when the subject asks themself (their sign-in is the verification).',
  })
  identityVerification?: IdentityVerificationInput | null;
}
