import { Field, Int, ObjectType } from 'type-graphql';
import { Personal, RIGHTS_RECORD } from '../../../common/privacy';
import { PrivacyReceipt } from '../../../common/privacy-contract/receipt';
import { LegStatus } from '../request.enums';
import { RetentionReceipt } from '../../../common/privacy-contract/retention.receipt';

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

  @Field(() => RetentionReceipt, { nullable: true, description: 'A retention sweep: what the subgraph did, per rule.' })
  @Personal(RIGHTS_RECORD)
  retention?: RetentionReceipt | null;
}
