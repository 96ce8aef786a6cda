import { Field, ID, InputType } from 'type-graphql';

@InputType({
  description:
    'A personal-data breach told to one subject it affects (O32, V38): what happened, what it may cause, what was done, what they can do.',
})
export class NotifyBreachInput {
  @Field(() => ID)
  subjectId!: string;

  @Field({
    description: "The incident's reference, the same for every subject it affects (asked twice: the first answers).",
  })
  reference!: string;

  @Field({ description: 'The circumstances: what happened and when, in words the subject understands.' })
  circumstances!: string;

  @Field({ description: 'The likely consequences for the subject.' })
  consequences!: string;

  @Field({ description: 'The measures taken, or proposed, to deal with it and limit its effects.' })
  measures!: string;

  @Field({ description: 'What the subject can do to protect themself (change a password, watch for phishing...).' })
  advice!: string;

  @Field(() => [String], { description: 'The categories of their data concerned (IDENTITY, CONTACT, BILLING...).' })
  categories!: string[];
}
