import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DataSubjectRequest } from '../../ledger/types/data-subject-request.type';
import { RequestType } from '../../ledger/request.enums';
import { connectionTypes } from '../../../../common/connection.type';

@ObjectType({ description: 'One entry of the hash-chained audit log (no personal data in it).' })
export class AuditEvent {
  @Field(() => Int)
  seq!: number;

  @Field()
  at!: Date;

  @Field(() => ID, { nullable: true })
  requestId!: string | null;

  @Field()
  action!: string;

  @Field({ description: "Who did it: a token's `sub`, or the worker." })
  actor!: string;

  @Field({ description: 'What changed, as JSON: statuses, subgraphs, counts, field names.' })
  detail!: string;
}

export const RequestConnectionTypes = connectionTypes('DataSubjectRequest', DataSubjectRequest);
export const DataSubjectRequestConnection = RequestConnectionTypes.Connection;
export const AuditEventConnectionTypes = connectionTypes('AuditEvent', AuditEvent);
export const AuditEventConnection = AuditEventConnectionTypes.Connection;

@ObjectType({ description: 'The requests of one type received in one month (UTC), and how they were answered.' })
export class RequestStatistic {
  @Field(() => RequestType)
  type!: RequestType;

  @Field({ description: 'YYYY-MM, of the day received.' })
  month!: string;

  @Field(() => Int)
  received!: number;

  @Field(() => Int)
  completed!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => Int, { description: 'Given more time (Art. 12(3)).' })
  extended!: number;

  @Field(() => Int, { description: 'Answered after their due date, or open and past it at `asOf`.' })
  overdue!: number;

  @Field(() => Float, { nullable: true, description: 'Of the answered (completed or rejected); null if none.' })
  medianDaysToAnswer!: number | null;

  @Field(() => Float, { nullable: true, description: '95th percentile (nearest rank) of the answered.' })
  p95DaysToAnswer!: number | null;
}

export const LifecycleEventKind = {
  CLOSURE_ERASURE: 'CLOSURE_ERASURE',
  INACTIVITY_ERASURE: 'INACTIVITY_ERASURE',
  MINOR_ERASURE: 'MINOR_ERASURE',
} as const;
export type LifecycleEventKind = (typeof LifecycleEventKind)[keyof typeof LifecycleEventKind];
registerEnumType(LifecycleEventKind, {
  name: 'LifecycleEventKind',
  description:
    "CLOSURE_ERASURE: a closed account's erasure, submitted by the sweep of that day; INACTIVITY_ERASURE: a warned account erased unless its subject signs in; MINOR_ERASURE: a minor's account erased unless a parental consent is recorded.",
});

@ObjectType({ description: 'What the sweep will do next to an account, and when.' })
export class LifecycleEvent {
  @Field(() => LifecycleEventKind)
  kind!: LifecycleEventKind;

  @Field(() => ID)
  subjectId!: string;

  @Field({ description: 'The day the sweep acts.' })
  at!: Date;

  @Field(() => ID, { description: 'The request that leads to it (the closure, the warning, the contact).' })
  requestId!: string;
}
