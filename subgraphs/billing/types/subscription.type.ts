import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { NotPersonal, Personal, type PersonalSpec } from '../../../common/privacy';

export enum SubscriptionStatus {
  ACTIVE = 'ACTIVE',
  CANCELLED = 'CANCELLED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(SubscriptionStatus, {
  name: 'SubscriptionStatus',
  description: 'CANCELLED: ended by the subject; EXPIRED: reached its end date.',
});

/** The paid programme the subject chose: the contract itself. */
export const SUBSCRIPTION_DATA: PersonalSpec = {
  category: 'BILLING',
  purposes: ['BILLING'],
  basis: 'CONTRACT',
  source: 'SUBJECT',
  retention: 'account',
};

// Not "Subscription": a type of that name becomes the schema's subscription root by convention.
@ObjectType('PlanSubscription', { description: 'A paid programme the subject signed up for.' })
export class Subscription {
  @Field(() => ID)
  @NotPersonal('technical identifier')
  id!: string;

  @Field()
  @Personal(SUBSCRIPTION_DATA)
  plan!: string;

  @Field(() => SubscriptionStatus)
  @Personal({ ...SUBSCRIPTION_DATA, source: 'DERIVED' })
  status!: SubscriptionStatus;

  @Field()
  @Personal(SUBSCRIPTION_DATA)
  startedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'Null while it renews with no end date set.' })
  @Personal(SUBSCRIPTION_DATA)
  endsAt!: Date | null;

  @Field()
  @Personal(SUBSCRIPTION_DATA)
  renewsAutomatically!: boolean;
}
