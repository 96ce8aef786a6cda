import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { prefetch } from '../../common/loaders';
import { selects } from '../../common/selection';
import type { BillingContext } from './billing.loaders';
import { BillingAccount } from './types/billing-account.type';
import { Invoice } from './types/invoice.type';
import { Payment } from './types/payment.type';
import { DataSubject } from './types/subject.type';
import { Subscription } from './types/subscription.type';

/** What billing adds to a subject. The gateway batches subjects: each field is one statement per request. */
@Resolver(() => DataSubject)
export class BillingSubjectResolver {
  @FieldResolver(() => BillingAccount, { nullable: true })
  billingAccount(@Root() s: DataSubject, @Ctx() ctx: BillingContext) {
    return ctx.loaders.account.load(s.id);
  }

  @FieldResolver(() => [Invoice], { nullable: true })
  invoices(@Root() s: DataSubject, @Ctx() ctx: BillingContext, @Info() info: GraphQLResolveInfo) {
    // The invoices' corrections in the same moment as the invoices, not a round trip after (decision 347).
    if (selects(info, 'corrections')) prefetch(ctx.loaders.corrections, s.id);
    return ctx.loaders.invoices.load(s.id);
  }

  @FieldResolver(() => [Payment], { nullable: true })
  payments(@Root() s: DataSubject, @Ctx() ctx: BillingContext) {
    return ctx.loaders.payments.load(s.id);
  }

  @FieldResolver(() => [Subscription], { nullable: true })
  subscriptions(@Root() s: DataSubject, @Ctx() ctx: BillingContext) {
    return ctx.loaders.subscriptions.load(s.id);
  }
}
