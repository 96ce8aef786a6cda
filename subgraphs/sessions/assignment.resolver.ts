import { FieldResolver, Resolver, Root } from 'type-graphql';
import { isoDate } from '../../common/duration';
import { assignmentStatus } from './assignments';
import type { MentorAssignmentEntity } from './entities/mentor-assignment.entity';
import { MentorAssignment, MentorAssignmentStatus } from './types/mentor-assignment.type';

@Resolver(() => MentorAssignment)
export class AssignmentResolver {
  @FieldResolver(() => MentorAssignmentStatus)
  status(@Root() assignment: MentorAssignmentEntity): MentorAssignmentStatus {
    return assignmentStatus(assignment, isoDate(new Date()));
  }
}
