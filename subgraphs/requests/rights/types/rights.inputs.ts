import { Field, ID, InputType } from 'type-graphql';
import { IDENTITY_FIELD_DESCRIPTION, IdentityVerificationInput } from '../../ledger/types/identity-verification.input';
import { RectificationChanges } from '../../../../common/privacy-contract/changes.input';
import { ConsentPurpose, RestrictionGround, RestrictionScope } from '../../../../common/privacy-contract/processing';

@InputType()
export class EraseSubjectInput {
  @Field(() => ID)
  subjectId!: string;

  @Field(() => String, { nullable: true, description: 'Why (Art. 17(1)(a)-(f)); at most 1000 characters.' })
  reason?: string | null;

  // Left out it is false (a real erasure, as documented); an explicit null is refused by the resolver
  // rather than read as "not a dry run". Not `Boolean!`: a null variable in a field of an inline input
  // object would then fail in GraphQL's execution (INTERNAL_SERVER_ERROR), not as this input's error.
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'Answer with the receipts the erasure would give; change nothing, record nothing. Left out: false; null is refused.',
  })
  dryRun?: boolean | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Only these categories of personal data (the `category` of `@personal`: CONTACT, MENTORING, SUPPORT...); the subject stays a subject. Left out: everything. IDENTITY, ACCOUNT and RIGHTS_REQUEST cannot be erased on their own.',
  })
  categories?: string[] | null;

  @Field(() => IdentityVerificationInput, { nullable: true, description: IDENTITY_FIELD_DESCRIPTION })
  identityVerification?: IdentityVerificationInput | null;
}

@InputType()
export class RectifySubjectInput {
  @Field(() => ID)
  subjectId!: string;

  @Field(() => RectificationChanges)
  changes!: RectificationChanges;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => IdentityVerificationInput, { nullable: true, description: IDENTITY_FIELD_DESCRIPTION })
  identityVerification?: IdentityVerificationInput | null;
}

@InputType()
export class RestrictProcessingInput {
  @Field(() => ID)
  subjectId!: string;

  @Field(() => RestrictionScope)
  scope!: RestrictionScope;

  @Field({ description: 'Why (Art. 18(1)(a)-(d)); required.' })
  reason!: string;

  @Field(() => [String], {
    nullable: true,
    description:
      'The contested categories of data (the `category` of `@personal`: CONTACT, SUPPORT...): kept and exported, hidden from staff but the dpo, and the subject in no processing list, until lifted (V13, V43). ACCOUNT, CONSENT and RIGHTS_REQUEST cannot be restricted. Left out: the processing of `scope` only.',
  })
  categories?: string[] | null;

  @Field(() => RestrictionGround, {
    nullable: true,
    description: 'Its ground: Art. 18(1)(a)-(d), or LEGAL_BASIS_CONTESTED (V43).',
  })
  ground?: RestrictionGround | null;

  @Field(() => IdentityVerificationInput, { nullable: true, description: IDENTITY_FIELD_DESCRIPTION })
  identityVerification?: IdentityVerificationInput | null;
}

@InputType()
export class LiftRestrictionInput {
  @Field(() => ID)
  subjectId!: string;

  @Field(() => RestrictionScope)
  scope!: RestrictionScope;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => IdentityVerificationInput, { nullable: true, description: IDENTITY_FIELD_DESCRIPTION })
  identityVerification?: IdentityVerificationInput | null;
}

@InputType()
export class ObjectToProcessingInput {
  @Field(() => ID)
  subjectId!: string;

  @Field(() => ConsentPurpose)
  purpose!: ConsentPurpose;

  @Field(() => String, { nullable: true })
  reason?: string | null;

  @Field(() => IdentityVerificationInput, { nullable: true, description: IDENTITY_FIELD_DESCRIPTION })
  identityVerification?: IdentityVerificationInput | null;
}

@InputType()
export class SetConsentInput {
  @Field(() => ID)
  subjectId!: string;

  @Field(() => ConsentPurpose)
  purpose!: ConsentPurpose;

  @Field()
  granted!: boolean;

  @Field(() => IdentityVerificationInput, { nullable: true, description: IDENTITY_FIELD_DESCRIPTION })
  identityVerification?: IdentityVerificationInput | null;
}
