import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Personal, RIGHTS_RECORD } from '../../../../common/privacy';
import {
  ConsentPurpose,
  ObjectionDecision,
  RestrictionGround,
  RestrictionScope,
} from '../../../../common/privacy-contract/processing';
import { RequestStatus, RequestType } from '../request.enums';
import { RequestLeg } from './request-leg.type';
import { IdentityVerification } from './identity-verification.type';
import { Waiting } from './waiting.type';
import { Guardian } from './guardian.type';

@ObjectType({ description: 'A rights request of the ledger, with one leg per subgraph.' })
export class DataSubjectRequest {
  @Field(() => ID)
  @Personal(RIGHTS_RECORD)
  id!: string;

  @Field(() => RequestType)
  @Personal(RIGHTS_RECORD)
  type!: RequestType;

  @Field(() => RequestStatus)
  @Personal(RIGHTS_RECORD)
  status!: RequestStatus;

  @Field(() => ID)
  @Personal(RIGHTS_RECORD)
  subjectId!: string;

  @Field({ description: 'A dry run is answered at once and never recorded in the ledger.' })
  @Personal(RIGHTS_RECORD)
  dryRun!: boolean;

  @Field(() => String, { nullable: true, description: 'Why it was asked, as given.' })
  @Personal({ ...RIGHTS_RECORD, source: 'SUBJECT' })
  reason!: string | null;

  @Field({ description: "Who submitted it: the token's `sub`." })
  @Personal(RIGHTS_RECORD)
  submittedBy!: string;

  @Field()
  @Personal(RIGHTS_RECORD)
  receivedAt!: Date;

  @Field({
    description: 'Receipt plus one month (Art. 12(3)) or the shorter promise of the policy, plus any extension.',
  })
  @Personal(RIGHTS_RECORD)
  dueAt!: Date;

  @Field({ description: 'Past its due date and not closed.' })
  @Personal(RIGHTS_RECORD)
  overdue!: boolean;

  @Field(() => Int, { description: 'Months added to the deadline (two at most).' })
  @Personal(RIGHTS_RECORD)
  extendedMonths!: number;

  @Field(() => String, { nullable: true })
  @Personal(RIGHTS_RECORD)
  extensionReason!: string | null;

  @Field(() => Date, { nullable: true })
  @Personal(RIGHTS_RECORD)
  completedAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Personal(RIGHTS_RECORD)
  rejectionReason!: string | null;

  @Field({ description: 'A new email waits for the link sent to it: nothing runs before.' })
  @Personal(RIGHTS_RECORD)
  awaitingConfirmation!: boolean;

  @Field(() => [String], {
    description: 'Rectification: the fields changed (the values are not kept once the request is closed).',
  })
  @Personal(RIGHTS_RECORD)
  changedFields!: string[];

  @Field(() => RestrictionScope, {
    nullable: true,
    description: 'Restriction, lift, objection: the processing concerned.',
  })
  @Personal(RIGHTS_RECORD)
  scope!: RestrictionScope | null;

  @Field(() => ConsentPurpose, { nullable: true, description: 'Consent: the purpose.' })
  @Personal(RIGHTS_RECORD)
  purpose!: ConsentPurpose | null;

  @Field(() => Boolean, { nullable: true, description: 'Consent: granted (true) or withdrawn (false).' })
  @Personal(RIGHTS_RECORD)
  granted!: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'A retention sweep: the date (YYYY-MM-DD) the rules were applied as of.',
  })
  @Personal(RIGHTS_RECORD)
  asOf?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'A partial erasure: the categories named (null: everything); a restriction: the contested categories (null: processing only).',
  })
  @Personal(RIGHTS_RECORD)
  categories?: string[] | null;

  @Field(() => RestrictionGround, { nullable: true, description: 'A restriction: its ground, when given.' })
  @Personal(RIGHTS_RECORD)
  ground?: RestrictionGround | null;

  @Field(() => ObjectionDecision, {
    nullable: true,
    description: 'An objection examined by a dpo (status UNDER_EXAMINATION until then): upheld or refused.',
  })
  @Personal(RIGHTS_RECORD)
  objectionDecision?: ObjectionDecision | null;

  @Field(() => String, {
    nullable: true,
    description: "The dpo's reasons for the objection's decision, as told to the subject.",
  })
  @Personal(RIGHTS_RECORD)
  decisionReasons?: string | null;

  @Field(() => IdentityVerification, {
    nullable: true,
    description:
      "How the subject's identity was verified (O14, V27); null for a request no one verified (a sweep, or entered by a dpo before this was recorded).",
  })
  @Personal(RIGHTS_RECORD)
  identityVerification?: IdentityVerification | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'An access or portability request: its package is served until then (GET /packages/<id> on the gateway).',
  })
  @Personal(RIGHTS_RECORD)
  packageExpiresAt?: Date | null;

  @Field(() => Guardian, {
    nullable: true,
    description: 'A GUARDIAN_CONTACT request: the legal representative recorded (O38, V45); null otherwise.',
  })
  @Personal(RIGHTS_RECORD)
  guardian?: Guardian | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "A minor's contact (MINOR): true when no guardian was recorded, so the message went to the account's own address (or nowhere) and the legal representatives may not have read it; false when it went to the guardian's; null for other requests.",
  })
  @Personal(RIGHTS_RECORD)
  guardianUnreached?: boolean | null;

  @Field(() => [Waiting], {
    description:
      'What the request waits for while it is open (every open request has at least one reason); empty once closed.',
  })
  @Personal(RIGHTS_RECORD)
  waitingFor!: Waiting[];

  @Field(() => [RequestLeg], { description: 'One per data subgraph, in order profile, sessions, billing, support.' })
  @Personal(RIGHTS_RECORD)
  legs!: RequestLeg[];

  @Field(() => [String], {
    description: 'Recipients of the data concerned, to be told of the rectification, erasure or restriction (Art. 19).',
  })
  @Personal(RIGHTS_RECORD)
  recipientsToNotify!: string[];
}
