import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'What a hold covers. Left out: every record of the subject, in every subgraph.' })
export class LegalHoldScopeInput {
  @Field(() => String, { nullable: true, description: 'profile, sessions, billing or support: only there.' })
  subgraph?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: "Only these records (tickets, invoices, sessions...; 1 to 100), each of which must be the subject's.",
  })
  recordIds?: string[] | null;
}

@InputType()
export class PlaceLegalHoldInput {
  @Field(() => ID)
  subjectId!: string;

  @Field({ description: 'Why (the claim, the proceedings); required, at most 1000 characters.' })
  reason!: string;

  @Field(() => LegalHoldScopeInput, { nullable: true })
  scope?: LegalHoldScopeInput | null;
}
