import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { DATA_SUBGRAPH_NAMES, type DataSubgraphName } from '../../../common/config';
import { badUserInput } from '../../../common/errors';
import { MAX_HELD_RECORDS } from '../../../common/privacy-contract/holds.resolver';
import * as input from '../../../common/validation';
import type { LegalHoldEntity } from './entities/legal-hold.entity';
import type { HoldScope } from './holds.service';
import { reasonText } from '../ledger/who-may';
import type { HoldsContext } from './holds.context';
import { HoldScopeKind, LegalHold } from './types/legal-hold.type';
import { LegalHoldScopeInput, PlaceLegalHoldInput } from './types/holds.inputs';

/** Legal holds for a DPO: place, release, list. The service holds the rules; these check the input. */
@Resolver()
export class HoldsResolver {
  @Mutation(() => LegalHold, {
    description:
      "Art. 17(3)(e): keeps the subject's records (all, one subgraph's, or named ones) through erasure, closure and sweeps until released. dpo only.",
  })
  async placeLegalHold(
    @Ctx() ctx: HoldsContext,
    @Arg('input', () => PlaceLegalHoldInput) args: PlaceLegalHoldInput,
  ): Promise<LegalHold> {
    ctx.access.assertRole('place a legal hold', 'dpo');
    const subjectId = input.subjectId(args.subjectId, 'input.subjectId');
    const reason = reasonText(args.reason, 'input.reason', true) as string;
    const hold = await ctx.holds.place(subjectId, reason, holdScope(args.scope), ctx.access.principal);
    return holdView(hold);
  }

  @Mutation(() => LegalHold, {
    description:
      'Releases a legal hold (a dispute resolved): what earlier erasures kept only for it is erased then, through a HOLD_RELEASE request. dpo only.',
  })
  async releaseLegalHold(
    @Ctx() ctx: HoldsContext,
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
  ): Promise<LegalHold> {
    ctx.access.assertRole('release a legal hold', 'dpo');
    const holdId = input.holdId(id, 'id');
    const why = reasonText(reason, 'reason', true) as string;
    return holdView(await ctx.holds.release(holdId, why, ctx.access.principal));
  }

  @Query(() => [LegalHold], {
    description: `Legal holds, newest first: of a subject, active (not released) or not. At most ${input.MAX_SEARCH_LIMIT}. dpo only.`,
  })
  async legalHolds(
    @Ctx() ctx: HoldsContext,
    @Arg('subjectId', () => ID, { nullable: true }) subjectId?: string | null,
    @Arg('active', () => Boolean, { nullable: true }) active?: boolean | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 100 }) limit?: number | null,
  ): Promise<LegalHold[]> {
    ctx.access.assertRole('read legal holds', 'dpo');
    const holds = await ctx.holds.list({
      subjectId: subjectId == null ? undefined : input.subjectId(subjectId, 'subjectId'),
      active: active ?? undefined,
      limit: input.searchLimit(limit ?? 100),
    });
    return holds.map(holdView);
  }

  @Query(() => LegalHold, { nullable: true, description: 'A legal hold by id. dpo only.' })
  async legalHold(@Ctx() ctx: HoldsContext, @Arg('id', () => ID) id: string): Promise<LegalHold | null> {
    ctx.access.assertRole('read legal holds', 'dpo');
    const hold = await ctx.holds.hold(input.holdId(id, 'id'));
    return hold ? holdView(hold) : null;
  }
}

function holdScope(scope: LegalHoldScopeInput | null | undefined): HoldScope {
  const subgraph = scope?.subgraph ?? null;
  if (subgraph !== null && !(DATA_SUBGRAPH_NAMES as readonly string[]).includes(subgraph))
    throw badUserInput(
      `"input.scope.subgraph" must be one of ${DATA_SUBGRAPH_NAMES.join(', ')}`,
      'input.scope.subgraph',
    );
  const ids = scope?.recordIds ?? null;
  if (ids !== null && (ids.length === 0 || ids.length > MAX_HELD_RECORDS))
    throw badUserInput(`"input.scope.recordIds" must name 1 to ${MAX_HELD_RECORDS} records`, 'input.scope.recordIds');
  const recordIds = ids ? [...new Set(ids.map((id) => input.recordId(id, 'input.scope.recordIds')))] : null;
  return { subgraph: subgraph as DataSubgraphName | null, recordIds };
}

export function holdView(h: LegalHoldEntity): LegalHold {
  return {
    id: h.id,
    subjectId: h.subjectId,
    scope: h.scope as HoldScopeKind,
    subgraph: h.subgraph,
    recordIds: h.recordIds ? (JSON.parse(h.recordIds) as string[]) : null,
    reason: h.reason,
    placedBy: h.placedBy,
    placedAt: h.placedAt,
    placeRequestId: h.placeRequestId,
    releasedAt: h.releasedAt,
    releasedBy: h.releasedBy,
    releaseReason: h.releaseReason,
    releaseRequestId: h.releaseRequestId,
  };
}
