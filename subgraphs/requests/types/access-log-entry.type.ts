import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One read of one subject by a staff member (or tool), in one request. A subject reading their own data is not recorded.' })
export class AccessLogEntry {
  @Field(() => ID)
  id!: string;

  @Field()
  at!: Date;

  @Field({ description: "Who read: the token's subject (`sub`)." })
  principal!: string;

  @Field(() => [String], { description: "The roles of the reader's token." })
  roles!: string[];

  @Field(() => ID)
  subjectId!: string;

  @Field(() => [String], { description: 'The DataSubject fields read, sorted.' })
  fields!: string[];

  @Field(() => ID, { description: 'The gateway request the read belongs to.' })
  requestId!: string;

  @Field(() => String, { nullable: true })
  operationName!: string | null;
}
