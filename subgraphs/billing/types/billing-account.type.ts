import { Field, ObjectType } from 'type-graphql';
import { Personal, type PersonalSpec } from '../../../common/privacy';

/** Invoicing identity and address: given by the subject, passed on to the payment provider. */
const BILLING_IDENTITY: PersonalSpec = {
  category: 'BILLING',
  purposes: ['BILLING', 'ACCOUNTING'],
  basis: 'CONTRACT',
  source: 'SUBJECT',
  retention: 'account',
  recipients: ['PAYMENT_PROVIDER'],
};
/** Where invoices and payment notices are sent. */
const BILLING_CONTACT: PersonalSpec = {
  category: 'CONTACT',
  purposes: ['BILLING'],
  basis: 'CONTRACT',
  source: 'SUBJECT',
  retention: 'account',
  recipients: ['PAYMENT_PROVIDER', 'EMAIL_PROVIDER'],
};

@ObjectType({ description: 'Who is invoiced and where. Card details are held by the payment provider only.' })
export class BillingAccount {
  @Field({ description: 'Name printed on invoices.' })
  @Personal(BILLING_IDENTITY)
  billingName!: string;

  @Field()
  @Personal(BILLING_IDENTITY)
  addressLine!: string;

  @Field()
  @Personal(BILLING_IDENTITY)
  postalCode!: string;

  @Field()
  @Personal(BILLING_IDENTITY)
  city!: string;

  @Field({ description: 'ISO 3166-1 alpha-2 country code.' })
  @Personal(BILLING_IDENTITY)
  country!: string;

  // Nullable: an erasure empties it on an account kept for its invoices.
  @Field(() => String, {
    nullable: true,
    description:
      'Copy of the profile email taken for invoicing; null once erased (the account stays while its invoices must be kept).',
  })
  @Personal(BILLING_CONTACT)
  billingEmail!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Copy of the profile phone taken for invoicing; removed on erasure.',
  })
  @Personal({ ...BILLING_CONTACT, recipients: ['PAYMENT_PROVIDER'] })
  billingPhone!: string | null;

  @Field({ description: "The payment provider's reference of this customer (cus_...)." })
  @Personal({
    category: 'PAYMENT',
    purposes: ['BILLING'],
    basis: 'CONTRACT',
    source: 'THIRD_PARTY',
    retention: 'account',
    recipients: ['PAYMENT_PROVIDER'],
  })
  providerCustomerRef!: string;
}
