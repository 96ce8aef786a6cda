import { Field, ID, InputType } from 'type-graphql';
import { RequestStatus, RequestType } from '../../ledger/request.enums';

@InputType({ description: 'Every part is applied in SQL before paging; parts combine with AND.' })
export class RequestFilter {
  @Field(() => [RequestStatus], { nullable: true, description: 'Any of these statuses.' })
  statuses?: RequestStatus[] | null;

  @Field(() => [RequestType], { nullable: true, description: 'Any of these types.' })
  types?: RequestType[] | null;

  @Field(() => ID, { nullable: true })
  subjectId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Due strictly before this instant.' })
  dueBefore?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'true: open and past due at `asOf`; false: the others.' })
  overdue?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: RECEIVED, IN_PROGRESS, FAILED, AWAITING_REVIEW or UNDER_EXAMINATION; false: COMPLETED or REJECTED.',
  })
  open?: boolean | null;
}

@InputType({ description: 'The audit log: of one request, in a time window [since, until).' })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true })
  requestId?: string | null;

  @Field(() => Date, { nullable: true })
  since?: Date | null;

  @Field(() => Date, { nullable: true })
  until?: Date | null;
}
