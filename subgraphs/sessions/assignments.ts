import type { MentorAssignmentEntity } from './entities/mentor-assignment.entity';
import { MentorAssignmentStatus } from './types/mentor-assignment.type';

/**
 * ENDED once the last day (inclusive) is behind `today` (YYYY-MM-DD, UTC). ISO dates compare
 * as strings, so no parsing and no time zone can shift the answer by a day.
 */
export function assignmentStatus(a: Pick<MentorAssignmentEntity, 'endsOn'>, today: string): MentorAssignmentStatus {
  return a.endsOn !== null && a.endsOn < today ? MentorAssignmentStatus.ENDED : MentorAssignmentStatus.ACTIVE;
}
