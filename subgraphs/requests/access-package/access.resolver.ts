import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import * as input from '../../../common/validation';
import { identityVerification } from '../ledger/identity';
import { currentView, type RequestView } from '../ledger/request.view';
import { assertSubmitFor } from '../ledger/who-may';
import type { ExportsContext } from './access.context';
import { RequestExportInput } from './types/access.inputs';
import { DataSubjectRequest } from '../ledger/types/data-subject-request.type';

/**
 * The right of access (Art. 15) and to portability (Art. 20) as ledger requests: recorded, then
 * built by the worker into a package the subject fetches through the gateway once told it is ready.
 */
@Resolver()
export class AccessResolver {
  @Mutation(() => DataSubjectRequest, {
    description:
      'Art. 15 (or 20 with portable: true): records the request; a worker builds the package and tells the subject when it is ready. The subject for themself, or a dpo with identityVerification.',
  })
  async requestExport(
    @Ctx() ctx: ExportsContext,
    @Arg('input', () => RequestExportInput) args: RequestExportInput,
  ): Promise<RequestView> {
    const subjectId = input.subjectId(args.subjectId, 'input.subjectId');
    const { principal } = ctx.access;
    assertSubmitFor(principal, subjectId);
    const identity = identityVerification(principal, subjectId, args.identityVerification, true, new Date());
    const type = args.portable ? 'PORTABILITY' : 'ACCESS';
    const id = await ctx.exports.submit({
      type,
      subjectId,
      details: {},
      reason: null,
      principal,
      identity,
      idempotencyKey: ctx.idempotencyKey,
    });
    return currentView(ctx.ledger.store, id);
  }

  @Mutation(() => DataSubjectRequest, {
    description:
      'Releases a package the policy wants reviewed (status AWAITING_REVIEW): the request completes and its subject is told (dpo). To refuse it: rejectRequest with a reason.',
  })
  async approveExport(@Ctx() ctx: ExportsContext, @Arg('id', () => ID) id: string): Promise<RequestView> {
    ctx.access.assertRole('approve an export', 'dpo');
    const requestId = input.requestId(id, 'id');
    await ctx.exports.approval.approve(requestId, ctx.access.principal);
    return currentView(ctx.ledger.store, requestId);
  }
}
