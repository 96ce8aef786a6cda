import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Personal, RIGHTS_RECORD } from '../../../common/privacy';
import { PrivacyReceipt } from '../../../common/privacy-contract/receipt';

export enum LegStatus {
  PENDING = 'PENDING',
  DONE = 'DONE',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(LegStatus, {
  name: 'LegStatus',
  description:
    'PENDING: to do or to retry; DONE: receipt in hand; FAILED: gave up (retryRequest starts again); CANCELLED: the request was rejected.',
});

@ObjectType({ description: "One subgraph's part of a rights request." })
export class RequestLeg {
  @Field({ description: 'profile, sessions, billing or support.' })
  @Personal(RIGHTS_RECORD)
  subgraph!: string;

  @Field(() => LegStatus)
  @Personal(RIGHTS_RECORD)
  status!: LegStatus;

  @Field(() => Int)
  @Personal(RIGHTS_RECORD)
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' })
  @Personal(RIGHTS_RECORD)
  lastError!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the worker tries again (PENDING only).' })
  @Personal(RIGHTS_RECORD)
  nextAttemptAt!: Date | null;

  @Field(() => PrivacyReceipt, { nullable: true, description: 'What the subgraph did (DONE, or a dry run).' })
  @Personal(RIGHTS_RECORD)
  receipt!: PrivacyReceipt | null;
}
