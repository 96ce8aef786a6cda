import { Arg, Ctx, Directive, ID, Mutation, Resolver } from 'type-graphql';
import { FANOUT_ROLE } from '../access';
import { badUserInput } from '../errors';
import * as input from '../validation';
import type { PrivacyContractContext } from './contract.resolver';
import { PrivacyReceipt } from './receipt';

/** At most this many records named by one hold (the ledger checks it first; this is the second lock). */
export const MAX_HELD_RECORDS = 100;

/**
 * The legal-hold steps of the privacy contract, served by every data subgraph beside the other
 * operations: @inaccessible, for the `requests` identity only. Both run for an erased subject.
 */
@Resolver()
export class HoldContractResolver {
  @Mutation(() => PrivacyReceipt, {
    description:
      "Places a legal hold on the subject's records here (all of them, or the named ones): erasure and sweeps keep them until it is released.",
  })
  @Directive('@inaccessible')
  @Directive('@shareable')
  privacyHold(
    @Ctx() ctx: PrivacyContractContext,
    @Arg('subjectId', () => ID) subjectId: string,
    @Arg('requestId', () => ID) requestId: string,
    @Arg('holdId', () => ID) holdId: string,
    @Arg('reason', () => String) reason: string,
    @Arg('recordIds', () => [ID], { nullable: true }) recordIds: string[] | null,
    @Arg('dryRun', () => Boolean) dryRun: boolean,
  ): Promise<PrivacyReceipt> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    if (recordIds && (recordIds.length === 0 || recordIds.length > MAX_HELD_RECORDS))
      throw badUserInput(`"recordIds" must name 1 to ${MAX_HELD_RECORDS} records`, 'recordIds');
    if (reason.trim().length === 0 || reason.length > 1000)
      throw badUserInput('"reason" must hold 1 to 1000 characters', 'reason');
    return ctx.privacy.hold(
      input.subjectId(subjectId, 'subjectId'),
      input.requestId(requestId, 'requestId'),
      input.holdId(holdId, 'holdId'),
      reason,
      recordIds ? [...new Set(recordIds.map((id) => input.recordId(id, 'recordIds')))] : null,
      dryRun,
    );
  }

  @Mutation(() => PrivacyReceipt, {
    description:
      'Releases a legal hold here and carries out the deferred part of the named erasures: what they kept only for this hold is erased now.',
  })
  @Directive('@inaccessible')
  @Directive('@shareable')
  privacyRelease(
    @Ctx() ctx: PrivacyContractContext,
    @Arg('subjectId', () => ID) subjectId: string,
    @Arg('requestId', () => ID) requestId: string,
    @Arg('holdId', () => ID) holdId: string,
    @Arg('erasures', () => [ID]) erasures: string[],
  ): Promise<PrivacyReceipt> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    return ctx.privacy.release(
      input.subjectId(subjectId, 'subjectId'),
      input.requestId(requestId, 'requestId'),
      input.holdId(holdId, 'holdId'),
      erasures.map((id) => input.requestId(id, 'erasures')),
    );
  }
}
