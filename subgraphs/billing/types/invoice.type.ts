import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NotPersonal, Personal, type PersonalSpec } from '../../../common/privacy';

export enum InvoiceStatus {
  PAID = 'PAID',
  OPEN = 'OPEN',
  VOID = 'VOID',
}
registerEnumType(InvoiceStatus, {
  name: 'InvoiceStatus',
  description: 'PAID: settled; OPEN: awaiting payment; VOID: cancelled by a credit note.',
});

/** Issued by us under the contract, then kept because tax law says so, whatever the subject asks. */
export const INVOICE_DATA: PersonalSpec = {
  category: 'BILLING',
  purposes: ['BILLING', 'ACCOUNTING', 'LEGAL_COMPLIANCE'],
  basis: 'LEGAL_OBLIGATION',
  source: 'DERIVED',
  retention: 'accounting',
};

@ObjectType({ description: 'An invoice as issued. Kept for the accounting period even after erasure.' })
export class Invoice {
  @Field(() => ID)
  @NotPersonal('technical identifier')
  id!: string;

  @Field({ description: 'The number printed on the invoice, e.g. F-2026-000123.' })
  @Personal(INVOICE_DATA)
  number!: string;

  @Field()
  @Personal(INVOICE_DATA)
  issuedAt!: Date;

  @Field({ description: 'ISO date (YYYY-MM-DD).' })
  @Personal(INVOICE_DATA)
  dueAt!: string;

  @Field(() => Int, { description: 'Total including tax, in minor units of the currency.' })
  @Personal(INVOICE_DATA)
  amountCents!: number;

  @Field({ description: 'ISO 4217 currency code.' })
  @Personal(INVOICE_DATA)
  currency!: string;

  @Field(() => InvoiceStatus)
  @Personal(INVOICE_DATA)
  status!: InvoiceStatus;

  @Field({ description: 'The wording as issued; a correction (corrections) never rewrites it.' })
  @Personal(INVOICE_DATA)
  description!: string;
}

@ObjectType({
  description:
    "A correction of an issued invoice's wording, entered by support (O35): the invoice keeps what it said when issued, this says what it should have read.",
})
export class InvoiceCorrection {
  @Field(() => ID)
  @NotPersonal('technical identifier')
  id!: string;

  @Field({ description: 'The corrected wording of the description.' })
  @Personal(INVOICE_DATA)
  description!: string;

  @Field()
  @Personal(INVOICE_DATA)
  correctedAt!: Date;

  @Field(() => ID, { description: 'The request that asked it (its reasons and who entered it are in the ledger).' })
  @NotPersonal('technical identifier')
  requestId!: string;
}
