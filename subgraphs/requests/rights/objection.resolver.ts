import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { ObjectionDecision } from '../../../common/privacy-contract/processing';
import * as input from '../../../common/validation';
import { currentView, type RequestView } from '../ledger/request.view';
import { DataSubjectRequest } from '../ledger/types/data-subject-request.type';
import { reasonText } from '../ledger/who-may';
import type { RightsContext } from './rights.context';

/** A dpo's answer to an objection UNDER_EXAMINATION (O36, V46): objection.examination.ts. */
@Resolver()
export class ObjectionResolver {
  @Mutation(() => DataSubjectRequest, {
    description:
      'Art. 21(1): upholds an objection UNDER_EXAMINATION (the processing stops for good) or refuses it (compelling legitimate grounds: the restriction is lifted); the reasons are told to the subject (dpo).',
  })
  async decideObjection(
    @Ctx() ctx: RightsContext,
    @Arg('requestId', () => ID) requestId: string,
    @Arg('decision', () => ObjectionDecision) decision: ObjectionDecision,
    @Arg('reasons') reasons: string,
  ): Promise<RequestView> {
    ctx.access.assertRole('decide an objection', 'dpo');
    const id = input.requestId(requestId, 'requestId');
    const why = reasonText(reasons, 'reasons', true) as string;
    await ctx.rights.objections.decide(id, decision, why, ctx.access.principal);
    return currentView(ctx.ledger.store, id);
  }
}
