import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Personal, RIGHTS_RECORD } from '../../../../common/privacy';

export enum HoldScopeKind {
  SUBJECT = 'SUBJECT',
  SUBGRAPH = 'SUBGRAPH',
  RECORDS = 'RECORDS',
}
registerEnumType(HoldScopeKind, {
  name: 'HoldScopeKind',
  description:
    'SUBJECT: every record of the subject, everywhere; SUBGRAPH: every record in one subgraph; RECORDS: the named records.',
});

@ObjectType({
  description: 'A legal hold (Art. 17(3)(e)): what it covers survives erasure, closure and sweeps until released.',
})
export class LegalHold {
  @Field(() => ID)
  @Personal(RIGHTS_RECORD)
  id!: string;

  @Field(() => ID)
  @Personal(RIGHTS_RECORD)
  subjectId!: string;

  @Field(() => HoldScopeKind)
  @Personal(RIGHTS_RECORD)
  scope!: HoldScopeKind;

  @Field(() => String, { nullable: true, description: 'SUBGRAPH, or RECORDS named in one subgraph: which.' })
  @Personal(RIGHTS_RECORD)
  subgraph!: string | null;

  @Field(() => [ID], { nullable: true, description: 'RECORDS: the ids named.' })
  @Personal(RIGHTS_RECORD)
  recordIds!: string[] | null;

  @Field()
  @Personal(RIGHTS_RECORD)
  reason!: string;

  @Field({ description: "Who placed it: the token's `sub`." })
  @Personal(RIGHTS_RECORD)
  placedBy!: string;

  @Field()
  @Personal(RIGHTS_RECORD)
  placedAt!: Date;

  @Field(() => ID, {
    description: 'The LEGAL_HOLD request that carries it to the subgraphs (its receipts list what it keeps).',
  })
  @Personal(RIGHTS_RECORD)
  placeRequestId!: string;

  @Field(() => Date, { nullable: true })
  @Personal(RIGHTS_RECORD)
  releasedAt!: Date | null;

  @Field(() => String, { nullable: true })
  @Personal(RIGHTS_RECORD)
  releasedBy!: string | null;

  @Field(() => String, { nullable: true })
  @Personal(RIGHTS_RECORD)
  releaseReason!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The HOLD_RELEASE request: its receipts say what the deferred part of earlier erasures deleted.',
  })
  @Personal(RIGHTS_RECORD)
  releaseRequestId!: string | null;
}
