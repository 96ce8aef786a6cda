import { Arg, Ctx, Directive, ID, Mutation, Resolver } from 'type-graphql';
import { FANOUT_ROLE } from '../access';
import * as input from '../validation';
import type { PrivacyContractContext } from './contract.resolver';
import { RetentionReceipt } from './retention.receipt';

/**
 * The retention step of the privacy contract, served by every data subgraph beside the other
 * contract operations: @inaccessible, for the `requests` identity only.
 */
@Resolver()
export class RetentionContractResolver {
  @Mutation(() => RetentionReceipt, {
    description:
      "Applies every rule of the configured policy that concerns this subgraph's data as of `asOf`, once per run id: a real sweep in chunks of at most RETENTION_CHUNK_ROWS rows per transaction, taken up where it stood if it stopped part way; a dry run in one transaction, rolled back.",
  })
  @Directive('@inaccessible')
  @Directive('@shareable')
  privacyRetain(
    @Ctx() ctx: PrivacyContractContext,
    @Arg('runId', () => ID) runId: string,
    @Arg('asOf', () => Date) asOf: Date,
    @Arg('dryRun', () => Boolean) dryRun: boolean,
  ): Promise<RetentionReceipt> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    return ctx.privacy.retain(input.subjectId(runId, 'runId'), asOf, dryRun);
  }
}
