import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { NotPersonal, Personal, type PersonalSpec } from '../../../common/privacy';

export enum MentorAssignmentStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(MentorAssignmentStatus, {
  name: 'MentorAssignmentStatus',
  description: 'ENDED once the last day has passed: the mentor then loses access.',
});

/** The pairing is decided by the team (ophelantyra: a person validates every match). */
export const ASSIGNMENT: PersonalSpec = {
  category: 'MENTORING',
  purposes: ['MENTORING'],
  basis: 'CONTRACT',
  source: 'STAFF',
  retention: 'session-data',
  recipients: ['MENTOR'],
};

@ObjectType({ description: 'A period during which a mentor accompanies the subject.' })
export class MentorAssignment {
  @Field(() => ID)
  @NotPersonal('technical identifier')
  id!: string;

  @Field(() => ID)
  @Personal(ASSIGNMENT)
  mentorId!: string;

  @Field({ description: 'ISO date (YYYY-MM-DD).' })
  @Personal(ASSIGNMENT)
  startsOn!: string;

  @Field(() => String, {
    nullable: true,
    description: 'ISO date (YYYY-MM-DD), last day included; null while no end is planned.',
  })
  @Personal(ASSIGNMENT)
  endsOn!: string | null;

  @Field(() => MentorAssignmentStatus)
  @Personal({ ...ASSIGNMENT, source: 'DERIVED' })
  status?: MentorAssignmentStatus;
}
