import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Personal, RIGHTS_RECORD } from '../../../../common/privacy';
import { WaitReason } from '../waiting';

registerEnumType(WaitReason, {
  name: 'WaitReason',
  description:
    "What an open request or leg waits for. QUEUED: the worker's next pass; ATTEMPT_RUNNING: a first attempt under way; RETRY_RUNNING: an attempt after failed ones under way; RETRY_SCHEDULED: the subgraph was unreachable or refused for now, tried again at `until`; EMAIL_CONFIRMATION: the code sent to the new address, valid until `until`; EMAIL_CODE_EXPIRED: the code expired unused (a dpo rejects the request); EARLIER_LEG: the leg of `subgraph` first; LEGAL_HOLD: a legal hold still to be placed in this subgraph; DPO_REVIEW: a package awaiting approveExport; DPO_DECISION: a leg gave up (retryRequest or rejectRequest); SUBJECT_SIGN_IN: an inactivity warning, erased from `until` without a sign-in; PARENTAL_CONSENT: a minor's legal representatives contacted, erased from `until` without a consent; NEXT_SWEEP: the policy's date has passed, the daily sweep due by `until` submits the erasure.",
});

@ObjectType({
  description: 'What an open request or one of its legs waits for, and until when if the wait ends by itself.',
})
export class Waiting {
  @Field(() => WaitReason)
  @Personal(RIGHTS_RECORD)
  reason!: WaitReason;

  @Field(() => String, { nullable: true, description: 'The leg concerned (for EARLIER_LEG: the one waited for).' })
  @Personal(RIGHTS_RECORD)
  subgraph!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: "When the wait ends by itself: the next attempt, the code's expiry, the policy's date.",
  })
  @Personal(RIGHTS_RECORD)
  until!: Date | null;
}
