import { Field, ID, ObjectType } from 'type-graphql';
import { NotPersonal, Personal, type PersonalSpec } from '../../../../common/privacy';

/**
 * A security record about two people: the subject read and the staff member who read. Neither
 * policy gives the access log a period of its own; it is kept as the logs are
 * (veloraqenvi: "Les journaux d'accès conservent la trace de toutes les consultations de
 * données sensibles"; server logs 12 months).
 */
const ACCESS_RECORD: PersonalSpec = {
  category: 'USAGE',
  purposes: ['SECURITY', 'LEGAL_COMPLIANCE'],
  basis: 'LEGAL_OBLIGATION',
  source: 'OBSERVED',
  retention: 'connection-logs',
};

@ObjectType({
  description:
    'One read of one subject by a staff member (or tool), in one request. A subject reading their own data is not recorded.',
})
export class AccessLogEntry {
  @Field(() => ID)
  @NotPersonal('technical identifier')
  id!: string;

  @Field()
  @Personal(ACCESS_RECORD)
  at!: Date;

  @Field({ description: "Who read: the token's subject (`sub`)." })
  @Personal(ACCESS_RECORD)
  principal!: string;

  @Field(() => [String], { description: "The roles of the reader's token." })
  @NotPersonal('a role name, the same for every holder of the role')
  roles!: string[];

  @Field(() => ID)
  @Personal(ACCESS_RECORD)
  subjectId!: string;

  @Field(() => [String], { description: 'The DataSubject fields read, sorted.' })
  @Personal(ACCESS_RECORD)
  fields!: string[];

  @Field(() => ID, { description: 'The gateway request the read belongs to.' })
  @NotPersonal('technical identifier')
  requestId!: string;

  @Field(() => String, { nullable: true })
  @NotPersonal('the name of the client operation')
  operationName!: string | null;
}
