import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Personal, RIGHTS_RECORD } from '../privacy';
import { ReceiptOutcome, RetentionGround } from './receipt';

/**
 * What one retention rule did in one subgraph in one sweep: how many records it deleted or
 * anonymised, how many it would have but kept because of a hold (and on which ground), and how
 * many subjects it touched. Counts only: a sweep's receipt names no one. The same types in every
 * data subgraph (they return them) and in `requests` (it shows them on the ledger), hence @shareable.
 */
@ObjectType({ description: 'What one retention rule did to one kind of record.' })
@Directive('@shareable')
export class RuleReceipt {
  @Field({ description: 'The rule in the policy file: accounting, session-data, support:COMPLAINT, access-log...' })
  @Personal(RIGHTS_RECORD)
  rule!: string;

  @Field({ description: 'The kind of record: Invoice, SupportMessage, ConnectionLog...' })
  @Personal(RIGHTS_RECORD)
  entity!: string;

  @Field({ description: "The policy's own sentence for this rule." })
  @Personal(RIGHTS_RECORD)
  sentence!: string;

  @Field({ description: 'The rule in plain English.' })
  @Personal(RIGHTS_RECORD)
  description!: string;

  @Field(() => String, { nullable: true, description: 'The period (ISO 8601), null when it runs from an event.' })
  @Personal(RIGHTS_RECORD)
  period!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Records whose date is on or before this instant were due (asOf minus the period).',
  })
  @Personal(RIGHTS_RECORD)
  cutoff!: Date | null;

  @Field(() => Int)
  @Personal(RIGHTS_RECORD)
  deleted!: number;

  @Field(() => Int)
  @Personal(RIGHTS_RECORD)
  anonymised!: number;

  @Field(() => Int, { description: 'Due, but kept because of a hold.' })
  @Personal(RIGHTS_RECORD)
  kept!: number;

  @Field(() => RetentionGround, { nullable: true, description: 'The ground of the hold that kept them.' })
  @Personal(RIGHTS_RECORD)
  keptGround!: RetentionGround | null;

  @Field(() => String, { nullable: true, description: 'The event that ends the hold (DISPUTE_RESOLVED).' })
  @Personal(RIGHTS_RECORD)
  keptUntilEvent!: string | null;

  @Field(() => [ID], { description: 'The legal holds that kept some of them.' })
  @Personal(RIGHTS_RECORD)
  keptHolds!: string[];

  @Field(() => Int, { description: 'Subjects whose records were deleted, anonymised or kept by this rule.' })
  @Personal(RIGHTS_RECORD)
  subjects!: number;
}

@ObjectType({ description: "One subgraph's account of one retention sweep." })
@Directive('@shareable')
export class RetentionReceipt {
  @Field()
  @Personal(RIGHTS_RECORD)
  subgraph!: string;

  @Field(() => ID, { description: 'The sweep (its ledger request id).' })
  @Personal(RIGHTS_RECORD)
  runId!: string;

  @Field(() => Date, { description: 'The date the rules were applied as of.' })
  @Personal(RIGHTS_RECORD)
  asOf!: Date;

  @Field(() => ReceiptOutcome)
  @Personal(RIGHTS_RECORD)
  outcome!: ReceiptOutcome;

  @Field(() => Date)
  @Personal(RIGHTS_RECORD)
  at!: Date;

  @Field(() => [RuleReceipt])
  @Personal(RIGHTS_RECORD)
  rules!: RuleReceipt[];
}

/** Receipts travel as JSON (ledger rows, idempotency rows): dates come back as strings. */
export function retentionReceiptFromJson(json: string): RetentionReceipt {
  const raw = JSON.parse(json) as RetentionReceipt;
  return {
    ...raw,
    asOf: new Date(raw.asOf),
    at: new Date(raw.at),
    rules: raw.rules.map((r) => ({
      ...r,
      keptHolds: r.keptHolds ?? [],
      cutoff: r.cutoff === null ? null : new Date(r.cutoff),
    })),
  };
}

/** Whether a stored leg receipt is a sweep's (it has rules) rather than a rights request's. */
export function isRetentionReceipt(json: string): boolean {
  return (JSON.parse(json) as { rules?: unknown }).rules !== undefined;
}
