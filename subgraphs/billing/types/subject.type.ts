import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Personal, SUBJECT_ID } from '../../../common/privacy';
import { BillingAccount } from './billing-account.type';
import { INVOICE_DATA, Invoice } from './invoice.type';
import { PAYMENT_DATA, Payment } from './payment.type';
import { SUBSCRIPTION_DATA, Subscription } from './subscription.type';

/** The subject as billing sees it: profile owns the entity and decides whether it exists. */
@ObjectType('DataSubject')
@Directive('@key(fields: "id")')
export class DataSubject {
  @Field(() => ID)
  @Personal(SUBJECT_ID)
  id!: string;

  @Field(() => BillingAccount, {
    nullable: true,
    description: 'Null when the subject was never invoiced or the account was erased.',
  })
  @Personal({
    category: 'BILLING',
    purposes: ['BILLING', 'ACCOUNTING'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'account',
    recipients: ['PAYMENT_PROVIDER'],
  })
  billingAccount?: BillingAccount | null;

  @Field(() => [Invoice], { nullable: true, description: 'Oldest first.' })
  @Personal(INVOICE_DATA)
  invoices?: Invoice[];

  @Field(() => [Payment], { nullable: true, description: 'Oldest first.' })
  @Personal(PAYMENT_DATA)
  payments?: Payment[];

  @Field(() => [Subscription], { nullable: true, description: 'Oldest first.' })
  @Personal(SUBSCRIPTION_DATA)
  subscriptions?: Subscription[];
}
