import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { calendarDate } from '../../../common/calendar-date';
import { badUserInput } from '../../../common/errors';
import { requestView, type RequestView } from '../ledger/request.view';
import type { RetentionContext } from './retention.context';
import { DataSubjectRequest } from '../ledger/types/data-subject-request.type';

/** The retention sweep for a DPO: run one (or preview it); the desk lists those that ran (retentionRuns). */
@Resolver()
export class RetentionResolver {
  @Mutation(() => DataSubjectRequest, {
    description:
      'Applies every retention rule of the policy as of `asOf` (YYYY-MM-DD, default today) as a ledger request with one leg per subgraph. dryRun: what it would do, nothing changed. A real sweep as of a future date is refused. dpo only.',
  })
  async runRetention(
    @Ctx() ctx: RetentionContext,
    @Arg('asOf', () => String, { nullable: true }) asOf?: string | null,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun?: boolean | null,
  ): Promise<RequestView> {
    ctx.access.assertRole('run a retention sweep', 'dpo');
    const today = ctx.retention.today();
    const date = asOf == null ? today : calendarDate(asOf, 'asOf').toISOString().slice(0, 10);
    const inForce = ctx.retention.inForceFrom;
    if (inForce && date < inForce)
      throw badUserInput(`The policy is in force from ${inForce}: no sweep applies it as of an earlier day.`, 'asOf');
    if (dryRun) return ctx.retention.dryRun(date, ctx.access.principal.sub);
    if (date > today)
      throw badUserInput(
        'A sweep as of a future date would delete what is still due; only a dry run may look ahead.',
        'asOf',
      );
    const id = await ctx.retention.start(date, ctx.access.principal.sub, null);
    const row = id ? await ctx.ledger.store.request(id) : null;
    if (!row) throw new Error('the sweep just recorded is not in the ledger');
    return requestView(row);
  }
}
