import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Personal, RIGHTS_RECORD } from '../privacy';
import { NotErased } from './categories';

/**
 * What one subgraph did for one rights request: per entity, how many records were deleted,
 * anonymised or updated, and each record it kept with the ground and the date until which.
 * The same types in every data subgraph (they return them) and in `requests` (it shows them on
 * the ledger), hence @shareable.
 */
export enum RetentionGround {
  /** Art. 17(3)(b): a legal obligation (accounting, tax). */
  ART_17_3_B = 'ART_17_3_B',
  /** Art. 17(3)(e): the establishment, exercise or defence of legal claims (a dispute). */
  ART_17_3_E = 'ART_17_3_E',
}
/**
 * The `reason` of a record kept as the archive a closure leaves (veloraqenvi: support exchanges
 * « archivés pendant 24 mois supplémentaires après la fermeture »), so that what the subject is
 * told names that ground, not a dispute.
 */
export const ARCHIVED_AFTER_CLOSURE = 'Archived after the account closure, for the period the policy states';

registerEnumType(RetentionGround, {
  name: 'RetentionGround',
  description: 'Why a record survives an erasure (Art. 17(3)).',
});

export enum ReceiptOutcome {
  APPLIED = 'APPLIED',
  /** Nothing changed: a dry run, rolled back. */
  DRY_RUN = 'DRY_RUN',
  /** Nothing changed: the subject was already erased here (a later rectification, say). */
  SUBJECT_ERASED = 'SUBJECT_ERASED',
}
registerEnumType(ReceiptOutcome, { name: 'ReceiptOutcome', description: 'Whether the operation changed anything.' });

@ObjectType({ description: 'A record kept despite an erasure, and why.' })
@Directive('@shareable')
export class RetainedRecord {
  @Field(() => ID)
  @Personal(RIGHTS_RECORD)
  id!: string;

  @Field(() => RetentionGround)
  @Personal(RIGHTS_RECORD)
  ground!: RetentionGround;

  @Field(() => Date, { nullable: true, description: 'Kept until then; null: until `untilEvent`.' })
  @Personal(RIGHTS_RECORD)
  until!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The event that ends the retention when there is no date (a dispute resolved).',
  })
  @Personal(RIGHTS_RECORD)
  untilEvent!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The hold that keeps it (a legal hold, or `dispute:<ticket>` for a complaint under dispute).',
  })
  @Personal(RIGHTS_RECORD)
  holdId?: string | null;

  @Field(() => String, { nullable: true, description: "The hold's reason." })
  @Personal(RIGHTS_RECORD)
  reason?: string | null;
}

@ObjectType({ description: 'What happened to one kind of record.' })
@Directive('@shareable')
export class EntityReceipt {
  @Field()
  @Personal(RIGHTS_RECORD)
  entity!: string;

  @Field(() => Int)
  @Personal(RIGHTS_RECORD)
  deleted!: number;

  @Field(() => Int)
  @Personal(RIGHTS_RECORD)
  anonymised!: number;

  @Field(() => Int, { description: 'Records changed in place (rectified, restricted, consent recorded).' })
  @Personal(RIGHTS_RECORD)
  updated!: number;

  @Field(() => [RetainedRecord])
  @Personal(RIGHTS_RECORD)
  retained!: RetainedRecord[];

  @Field(() => [NotErased], {
    description: 'A partial erasure: the categories of this entity it did not erase, and why (empty otherwise).',
  })
  @Personal(RIGHTS_RECORD)
  notErased!: NotErased[];
}

@ObjectType({ description: "One subgraph's account of one operation of a rights request." })
@Directive('@shareable')
export class PrivacyReceipt {
  @Field()
  @Personal(RIGHTS_RECORD)
  subgraph!: string;

  @Field({ description: 'erase, rectify, restrict, lift, consent, hold, release.' })
  @Personal(RIGHTS_RECORD)
  operation!: string;

  @Field(() => ID)
  @Personal(RIGHTS_RECORD)
  requestId!: string;

  @Field(() => ReceiptOutcome)
  @Personal(RIGHTS_RECORD)
  outcome!: ReceiptOutcome;

  @Field(() => Date)
  @Personal(RIGHTS_RECORD)
  at!: Date;

  @Field(() => [String], {
    nullable: true,
    description: 'A partial erasure: the categories it was asked to erase; null: everything.',
  })
  @Personal(RIGHTS_RECORD)
  categories?: string[] | null;

  @Field(() => [EntityReceipt])
  @Personal(RIGHTS_RECORD)
  entities!: EntityReceipt[];

  @Field(() => [String], { description: 'Recipients that received data this operation changed, to be told (Art. 19).' })
  @Personal(RIGHTS_RECORD)
  recipients!: string[];

  @Field(() => [ID], {
    description:
      'A hold released: the earlier requests (erasures) whose deferred part this operation carried out here.',
  })
  @Personal(RIGHTS_RECORD)
  carriesOut!: string[];
}

/** A receipt entry with zeros: the handlers fill in what they did. */
export function entityReceipt(entity: string, counts: Partial<Omit<EntityReceipt, 'entity'>> = {}): EntityReceipt {
  return { entity, deleted: 0, anonymised: 0, updated: 0, retained: [], notErased: [], ...counts };
}

/** Receipts travel as JSON (ledger rows, idempotency rows): dates come back as strings. */
export function receiptFromJson(json: string): PrivacyReceipt {
  const raw = JSON.parse(json) as PrivacyReceipt;
  return {
    ...raw,
    carriesOut: raw.carriesOut ?? [],
    at: new Date(raw.at),
    entities: raw.entities.map((e) => ({
      ...e,
      notErased: e.notErased ?? [],
      retained: e.retained.map((r) => ({ ...r, until: r.until === null ? null : new Date(r.until) })),
    })),
  };
}
