import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Query, Resolver } from 'type-graphql';
import { pageSize } from '../../../common/connection';
import { connectionTypes } from '../../../common/connection.type';
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

const LegalHoldConnection = connectionTypes('LegalHold', LegalHold).Connection;

@InputType({ description: 'Applied in SQL before paging.' })
class LegalHoldFilter {
  @Field(() => ID, { nullable: true })
  subjectId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: not released; false: released.' })
  active?: boolean | null;
}

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

  @Query(() => LegalHoldConnection, {
    description: 'Legal holds, newest first, a page at a time (`first` at most 200). dpo only.',
  })
  async legalHolds(
    @Ctx() ctx: HoldsContext,
    @Arg('filter', () => LegalHoldFilter, { nullable: true }) filter?: LegalHoldFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    ctx.access.assertRole('read legal holds', 'dpo');
    const f = filter ?? {};
    const where = {
      subjectId: f.subjectId == null ? undefined : input.subjectId(f.subjectId, 'filter.subjectId'),
      active: f.active ?? undefined,
    };
    return ctx.holds.list(where, pageSize(first), after, holdView);
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
