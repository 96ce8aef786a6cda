import { Field, ID, InputType } from 'type-graphql';

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
}
