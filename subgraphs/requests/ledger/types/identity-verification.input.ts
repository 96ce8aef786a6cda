import { Field, InputType } from 'type-graphql';
import { IdentityMethod } from '../identity';

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

/** The description every request input gives its `identityVerification` field. */
export const IDENTITY_FIELD_DESCRIPTION =
  'Required when a dpo enters the request (BAD_USER_INPUT without it, nothing recorded); ignored when the subject asks themself (their sign-in is the verification).';
