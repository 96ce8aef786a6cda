import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { forbidden, hasRole } from '../../../common/access';
import { DATA_SUBGRAPH_NAMES } from '../../../common/config';
import { receiptFromJson } from '../../../common/privacy-contract/receipt';
import { isRetentionReceipt, retentionReceiptFromJson } from '../../../common/privacy-contract/retention.receipt';
import * as input from '../../../common/validation';
import type { RequestLegEntity } from './entities/request-leg.entity';
import type { LedgerContext } from './ledger.context';
import { parseDetails } from './request-details';
import { requestView, withoutHolds, type RequestView } from './request.view';
import { DataSubjectRequest } from './types/data-subject-request.type';
import { RequestLeg } from './types/request-leg.type';
import { DataSubject } from './types/subject.type';
import { Waiting } from './types/waiting.type';
import { legWaitingFor, requestWaitingFor, type Wait, type WaitRules } from './waiting';
import { mayReadFor } from './who-may';

/** profile, sessions, billing, support, then this service's own leg. */
const legOrder = (l: { subgraph: string }) => {
  const i = DATA_SUBGRAPH_NAMES.indexOf(l.subgraph as (typeof DATA_SUBGRAPH_NAMES)[number]);
  return i < 0 ? DATA_SUBGRAPH_NAMES.length : i;
};

export function legView(l: RequestLegEntity): RequestLeg {
  return {
    subgraph: l.subgraph,
    status: l.status,
    attempts: l.attempts,
    lastError: l.lastError,
    nextAttemptAt: l.status === 'PENDING' ? l.nextAttemptAt : null,
    waitingFor: null,
    // A sweep's leg holds a retention receipt (per rule), a rights request's a receipt per entity.
    receipt: l.receipt && !isRetentionReceipt(l.receipt) ? receiptFromJson(l.receipt) : null,
    retention: l.receipt && isRetentionReceipt(l.receipt) ? retentionReceiptFromJson(l.receipt) : null,
  };
}

/** Reading the ledger: one request, a filtered list, the stalled ones, and a subject's requests in their export. */
@Resolver(() => DataSubjectRequest)
export class RequestResolver {
  @Query(() => DataSubjectRequest, {
    nullable: true,
    description: 'A request by id (dpo, service; a subject: their own).',
  })
  async dataSubjectRequest(@Ctx() ctx: LedgerContext, @Arg('id', () => ID) id: string): Promise<RequestView | null> {
    const row = await ctx.ledger.store.request(input.requestId(id, 'id'));
    // A subject gets FORBIDDEN for someone else's request and for none alike.
    if (!row) {
      if (!hasRole(ctx.access.principal, 'dpo', 'service')) throw forbidden('You may not read this request.');
      return null;
    }
    if (!mayReadFor(ctx.access.principal, row.subjectId)) throw forbidden('You may not read this request.');
    return requestView(row);
  }

  @Query(() => [DataSubjectRequest], {
    description:
      'dpo: open requests nobody is moving, oldest first: open longer than REQUESTS_STALLED_AFTER_MS, no attempt under way, waiting for something other than their subject or a date of the policy (a subgraph that keeps refusing, a failed leg, an expired email code, a review). `waitingFor` says why.',
  })
  async stalledRequests(
    @Ctx() ctx: LedgerContext,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 100 }) limit?: number | null,
  ): Promise<RequestView[]> {
    if (!hasRole(ctx.access.principal, 'dpo')) throw forbidden('Only a dpo may list stalled requests.');
    const most = input.searchLimit(limit ?? 100);
    const now = new Date();
    return (await ctx.ledger.watchdog.stalled(now, most)).map((s) => requestView(s.request, now));
  }

  @FieldResolver(() => [RequestLeg])
  async legs(@Root() r: RequestView, @Ctx() ctx: LedgerContext): Promise<RequestLeg[]> {
    if (r.inlineLegs) return [...r.inlineLegs].sort((a, b) => legOrder(a) - legOrder(b));
    const rows = await ctx.loaders.legs.load(r.id);
    const rules = await rulesFor(r, rows, ctx);
    const now = new Date();
    return rows
      .map((l) => legView(l))
      .map((l, i) => ({
        ...l,
        receipt: withoutHolds(l.receipt ?? null, r.hiddenHolds),
        waitingFor: legWaitingFor(r, rows[i], rows, rules, now),
      }))
      .sort((a, b) => legOrder(a) - legOrder(b));
  }

  @FieldResolver(() => [Waiting])
  async waitingFor(@Root() r: RequestView, @Ctx() ctx: LedgerContext): Promise<Wait[]> {
    if (r.dryRun) return [];
    const rows = await ctx.loaders.legs.load(r.id);
    return requestWaitingFor(r, rows, await rulesFor(r, rows, ctx), new Date());
  }

  @FieldResolver(() => [String])
  async recipientsToNotify(@Root() r: RequestView, @Ctx() ctx: LedgerContext): Promise<string[]> {
    const legs = r.inlineLegs ?? (await ctx.loaders.legs.load(r.id)).map(legView);
    return [...new Set(legs.flatMap((l) => l.receipt?.recipients ?? []))].sort();
  }
}

/** The rules of waiting for this request; its gates are read only if one of its legs is pending. */
function rulesFor(r: RequestView, legs: readonly RequestLegEntity[], ctx: LedgerContext): Promise<WaitRules> {
  const pending = legs.some((l) => l.status === 'PENDING');
  return ctx.ledger.types.waitRules(r.type, pending ? ctx.loaders.holding : () => Promise.resolve(() => false));
}

@Resolver(() => DataSubject)
export class SubjectRequestsResolver {
  @FieldResolver(() => [DataSubjectRequest], { nullable: true })
  async requests(@Root() s: DataSubject, @Ctx() ctx: LedgerContext): Promise<RequestView[]> {
    const now = new Date();
    const rows = await ctx.loaders.subjectRequests.load(s.id);
    // A request a dpo made confidential for a legal reason is not in the subject's own record.
    const all = hasRole(ctx.access.principal, 'dpo');
    if (all) return rows.map((r) => requestView(r, now));
    // Nor does an erasure's receipt name such a hold (the LEGAL_HOLD request that placed it says which).
    const hiddenHolds = new Set(
      rows.flatMap((r) => {
        const details = parseDetails(r.details);
        return details.confidentialReason && details.holdId ? [details.holdId] : [];
      }),
    );
    return rows
      .filter((r) => !parseDetails(r.details).confidentialReason)
      .map((r) => ({ ...requestView(r, now), hiddenHolds }));
  }
}
