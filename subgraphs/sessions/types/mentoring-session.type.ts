import { Field, ID, Int, ObjectType } from 'type-graphql';
import { NotPersonal, Personal, type PersonalSpec } from '../../../common/privacy';

/** What the subject brings to a session: shown to their mentor, kept as session data. */
export const SESSION_CONTENT: PersonalSpec = {
  category: 'MENTORING',
  purposes: ['MENTORING'],
  basis: 'CONTRACT',
  source: 'SUBJECT',
  retention: 'session-data',
  recipients: ['MENTOR'],
};

@ObjectType({ description: 'One mentoring meeting and the continuity record kept of it.' })
export class MentoringSession {
  @Field(() => ID)
  @NotPersonal('technical identifier')
  id!: string;

  @Field(() => ID, { description: 'The mentor who led the session.' })
  @Personal({ ...SESSION_CONTENT, source: 'STAFF' })
  mentorId!: string;

  @Field()
  @Personal(SESSION_CONTENT)
  scheduledAt!: Date;

  @Field(() => Int)
  @Personal({ ...SESSION_CONTENT, source: 'OBSERVED' })
  durationMinutes!: number;

  @Field({ description: 'The objectives the subject set for this stage.' })
  @Personal(SESSION_CONTENT)
  goals!: string;

  @Field({ description: 'The professional difficulties the subject shared.' })
  @Personal(SESSION_CONTENT)
  challenges!: string;

  @Field({ description: 'The actions decided together.' })
  @Personal(SESSION_CONTENT)
  agreedActions!: string;

  @Field(() => String, { nullable: true, description: "The mentor's notes." })
  @Personal({ ...SESSION_CONTENT, source: 'STAFF' })
  notes!: string | null;
}
