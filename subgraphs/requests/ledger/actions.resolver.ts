import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { badUserInput } from '../../../common/errors';
import * as input from '../../../common/validation';
import type { LedgerContext } from './ledger.context';
import { currentView, type RequestView } from './request.view';
import { DataSubjectRequest } from './types/data-subject-request.type';
import { reasonText } from './who-may';

/** A dpo's actions on any request of the ledger, whatever its type (actions.ts). */
@Resolver()
export class RequestActionsResolver {
  @Mutation(() => DataSubjectRequest, {
    description: 'Art. 12(3): adds months (1 or 2; two in all at most) to the deadline, with a reason (dpo).',
  })
  async extendDeadline(
    @Ctx() ctx: LedgerContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Arg('months', () => Int, { defaultValue: 2 }) months: number,
  ): Promise<RequestView> {
    ctx.access.assertRole('extend a deadline', 'dpo');
    const requestId = input.requestId(id, 'id');
    const why = reasonText(reason, 'reason', true) as string;
    if (!Number.isInteger(months) || months < 1 || months > 2) throw badUserInput('"months" must be 1 or 2', 'months');
    await ctx.actions.extend(requestId, months, why, ctx.access.principal);
    return currentView(ctx.ledger.store, requestId);
  }

  @Mutation(() => DataSubjectRequest, {
    description: 'Refuses a request (Art. 12(4)), with a reason, while nothing of it has been applied (dpo).',
  })
  async rejectRequest(
    @Ctx() ctx: LedgerContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
  ): Promise<RequestView> {
    ctx.access.assertRole('reject a request', 'dpo');
    const requestId = input.requestId(id, 'id');
    await ctx.actions.reject(requestId, reasonText(reason, 'reason', true) as string, ctx.access.principal);
    return currentView(ctx.ledger.store, requestId);
  }

  @Mutation(() => DataSubjectRequest, { description: 'Starts the FAILED legs of a FAILED request again (dpo).' })
  async retryRequest(@Ctx() ctx: LedgerContext, @Arg('id', () => ID) id: string): Promise<RequestView> {
    ctx.access.assertRole('retry a request', 'dpo');
    const requestId = input.requestId(id, 'id');
    await ctx.actions.retry(requestId, ctx.access.principal);
    return currentView(ctx.ledger.store, requestId);
  }
}
