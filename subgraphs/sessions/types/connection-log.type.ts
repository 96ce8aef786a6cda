import { Field, ID, Int, ObjectType } from 'type-graphql';
import { NotPersonal, Personal, type PersonalSpec } from '../../../common/privacy';

/** Server logs: kept 12 months then anonymised; technical staff see them (veloraqenvi). */
export const CONNECTION: PersonalSpec = {
  category: 'CONNECTION',
  purposes: ['SECURITY'],
  basis: 'LEGITIMATE_INTEREST',
  source: 'OBSERVED',
  retention: 'connection-logs',
};

@ObjectType({ description: 'One visit to the platform, as the server logged it.' })
export class ConnectionLog {
  @Field(() => ID)
  @NotPersonal('technical identifier')
  id!: string;

  @Field({ description: 'IPv4 or IPv6 address.' })
  @Personal(CONNECTION)
  ip!: string;

  @Field()
  @Personal({ ...CONNECTION, purposes: ['SERVICE', 'SECURITY'] })
  userAgent!: string;

  @Field({ description: "The browser's language (BCP 47 tag)." })
  @Personal({ ...CONNECTION, purposes: ['SERVICE', 'SECURITY'] })
  language!: string;

  @Field()
  @Personal(CONNECTION)
  startedAt!: Date;

  @Field(() => Int)
  @Personal({ ...CONNECTION, purposes: ['SECURITY', 'SERVICE_IMPROVEMENT'] })
  durationSeconds!: number;

  @Field(() => [String], { description: 'Paths visited, in order.' })
  @Personal({ ...CONNECTION, purposes: ['SECURITY', 'SUPPORT', 'SERVICE_IMPROVEMENT'] })
  pages!: string[];
}
