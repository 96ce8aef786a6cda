import { Field, ID, ObjectType } from 'type-graphql';
import { NotPersonal, Personal, type PersonalSpec } from '../../../common/privacy';

/** Recorded to measure which resources serve (veloraqenvi); not part of portability. */
export const DOWNLOAD: PersonalSpec = {
  category: 'USAGE',
  purposes: ['SERVICE_IMPROVEMENT'],
  basis: 'LEGITIMATE_INTEREST',
  source: 'OBSERVED',
  retention: 'account',
};

@ObjectType({ description: 'A teaching resource the learner downloaded.' })
export class ResourceDownload {
  @Field(() => ID)
  @NotPersonal('technical identifier')
  id!: string;

  @Field()
  @Personal(DOWNLOAD)
  resourceCode!: string;

  @Field()
  @Personal(DOWNLOAD)
  resourceTitle!: string;

  @Field()
  @Personal(DOWNLOAD)
  downloadedAt!: Date;
}
