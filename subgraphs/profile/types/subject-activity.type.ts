import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { SubjectStatus } from './subject.type';

/**
 * What the inactivity rule needs of a subject (veloraqenvi: 36 months without a login): the
 * last sign-in (or the account's creation, for one never signed in), and where the warning goes.
 * Part of the @inaccessible privacy contract, like SubjectContact.
 */
@ObjectType({ description: "A subject's last activity (privacy contract)." })
@Directive('@inaccessible')
export class SubjectActivity {
  @Field(() => ID)
  id!: string;

  @Field(() => SubjectStatus)
  status!: SubjectStatus;

  @Field(() => Date, { description: 'The last login recorded, or the creation of an account never signed in to.' })
  lastActivity!: Date;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  locale!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: whether the subject is a minor.' })
  birthDate!: string | null;

  @Field(() => String, { nullable: true, description: 'The name, for the message to the legal representatives.' })
  fullName!: string | null;
}
