import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NotPersonal, Personal, type PersonalSpec } from '../../../common/privacy';

export enum PaymentMethod {
  CARD = 'CARD',
  SEPA_DEBIT = 'SEPA_DEBIT',
  TRANSFER = 'TRANSFER',
}
registerEnumType(PaymentMethod, {
  name: 'PaymentMethod',
  description: 'How the payment was made; the instrument itself stays with the provider.',
});

/** Confirmed to us by the payment provider, and kept as accounting records. */
export const PAYMENT_DATA: PersonalSpec = {
  category: 'PAYMENT',
  purposes: ['BILLING', 'ACCOUNTING', 'LEGAL_COMPLIANCE'],
  basis: 'LEGAL_OBLIGATION',
  source: 'THIRD_PARTY',
  retention: 'accounting',
  recipients: ['PAYMENT_PROVIDER'],
};

@ObjectType({ description: 'A settlement confirmed by the payment provider. Holds no card or account number.' })
export class Payment {
  @Field(() => ID)
  @NotPersonal('technical identifier')
  id!: string;

  @Field(() => ID, { description: 'The invoice this payment settles.' })
  @NotPersonal('technical identifier')
  invoiceId!: string;

  @Field()
  @Personal(PAYMENT_DATA)
  paidAt!: Date;

  @Field(() => Int, { description: 'In minor units of the currency.' })
  @Personal(PAYMENT_DATA)
  amountCents!: number;

  @Field({ description: 'ISO 4217 currency code.' })
  @Personal(PAYMENT_DATA)
  currency!: string;

  @Field(() => PaymentMethod)
  @Personal(PAYMENT_DATA)
  method!: PaymentMethod;

  @Field({ description: "The payment provider's reference of this payment (pi_...)." })
  @Personal(PAYMENT_DATA)
  providerPaymentRef!: string;
}
