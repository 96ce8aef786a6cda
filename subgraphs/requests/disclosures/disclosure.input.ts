import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A disclosure to an authority on a legal requisition (O27, V34).' })
export class RecordDisclosureInput {
  @Field(() => ID)
  subjectId!: string;

  @Field({ description: 'Who asked: the authority, as named on the requisition.' })
  authority!: string;

  @Field({ description: 'The legal basis of the requisition (the article of law). Required.' })
  legalBasis!: string;

  @Field({ description: "The authority's reference of the requisition. Required." })
  reference!: string;

  @Field(() => [String], {
    description: 'The categories of data disclosed, and only those (IDENTITY, CONTACT, BILLING...).',
  })
  categories!: string[];

  @Field({ description: 'Whether the subject is told by mail. false needs reasonNotTold.' })
  tellSubject!: boolean;

  @Field(() => String, { nullable: true, description: 'Why the law forbids telling the subject (tellSubject: false).' })
  reasonNotTold?: string | null;
}
