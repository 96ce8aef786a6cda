import { Field, ID, Int, ObjectType } from 'type-graphql';
import { NotPersonal, Personal, type PersonalSpec } from '../../../common/privacy';

/** Analysed in aggregate to improve the mentoring, not shown to the mentor (ophelantyra). */
export const EVALUATION: PersonalSpec = {
  category: 'EVALUATION',
  purposes: ['SERVICE_IMPROVEMENT'],
  basis: 'LEGITIMATE_INTEREST',
  source: 'SUBJECT',
  retention: 'session-data',
};

@ObjectType({ description: "The subject's evaluation of a session." })
export class SessionEvaluation {
  @Field(() => ID)
  @NotPersonal('technical identifier')
  id!: string;

  @Field(() => ID, { description: 'The evaluated session.' })
  @NotPersonal('technical identifier of a session listed in mentoringSessions')
  sessionId!: string;

  @Field(() => Int, { description: '1 (poor) to 5 (excellent).' })
  @Personal(EVALUATION)
  rating!: number;

  @Field(() => String, { nullable: true })
  @Personal(EVALUATION)
  comment!: string | null;

  @Field()
  @Personal({ ...EVALUATION, source: 'OBSERVED' })
  submittedAt!: Date;
}
