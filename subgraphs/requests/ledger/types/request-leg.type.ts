import { Field, Int, ObjectType } from 'type-graphql';
import { NotPersonal, Personal, RIGHTS_RECORD } from '../../../../common/privacy';
import { PrivacyReceipt } from '../../../../common/privacy-contract/receipt';
import { LegStatus } from '../request.enums';
import { RetentionReceipt } from '../../../../common/privacy-contract/retention.receipt';
import { Waiting } from './waiting.type';

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

  @Field(() => Waiting, {
    nullable: true,
    description: 'What this leg waits for while its request is open; null once done or cancelled.',
  })
  @Personal(RIGHTS_RECORD)
  waitingFor!: Waiting | null;

  @Field(() => PrivacyReceipt, { nullable: true, description: 'What the subgraph did (DONE, or a dry run).' })
  @Personal(RIGHTS_RECORD)
  receipt!: PrivacyReceipt | null;

  @Field(() => RetentionReceipt, { nullable: true, description: 'A retention sweep: what the subgraph did, per rule.' })
  @NotPersonal(
    "A retention sweep's receipt: counts per rule over the whole population, never about one subject (a subject's own requests always answer null)",
  )
  retention?: RetentionReceipt | null;
}
