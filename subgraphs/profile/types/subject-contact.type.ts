import { Directive, Field, ObjectType } from 'type-graphql';
import { SubjectStatus } from './subject.type';

/**
 * What the `requests` service needs to accept a request and tell the subject its outcome: the
 * account's status, the address mail goes to and the language to write in. Part of the
 * @inaccessible privacy contract (the gateway cannot reach it; only the requests identity may
 * ask), so it is no part of any export and carries no classification of its own: the same
 * fields on DataSubject are classified there.
 */
@ObjectType({ description: 'Where a subject stands and how to reach them (privacy contract).' })
@Directive('@inaccessible')
export class SubjectContact {
  @Field(() => SubjectStatus)
  status!: SubjectStatus;

  @Field(() => String, { nullable: true, description: 'null once erased' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'BCP 47, as the profile holds it (fr-FR)' })
  locale!: string | null;
}
