import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The last thing a subject did here (privacy contract): a visit, a session, a download... */
@ObjectType({ description: "A subject's latest activity in sessions (privacy contract)." })
@Directive('@inaccessible')
export class SessionsActivity {
  @Field(() => ID)
  id!: string;

  @Field(() => Date, { description: 'The latest visit, session, document, progress, download or evaluation.' })
  lastActivity!: Date;
}
