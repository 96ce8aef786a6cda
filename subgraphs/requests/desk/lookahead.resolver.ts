import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { DAY_MS, midnightUtc } from '../../../common/calendar-date';
import { addDuration, subtractDuration } from '../../../common/duration';
import { badUserInput } from '../../../common/errors';
import * as input from '../../../common/validation';
import { RequestType } from '../ledger/request.enums';
import type { DeskContext } from './desk.context';
import { NOT_COUNTED, requestStatistics } from './statistics';
import { LifecycleEvent, RequestStatistic, type LifecycleEventKind } from './types/desk.types';

/** A statistics window longer than this is refused: the database scans every request of the window. */
const MAX_WINDOW_DAYS = 800;

/** What an authority asks for, and what the account's life will do next. dpo only. */
@Resolver()
export class LookaheadResolver {
  @Query(() => [RequestStatistic], {
    description:
      'Per type and month received (UTC) in [from, to): received, completed, rejected, extended, overdue at `asOf`, median and p95 days to answer. Sweeps and holds are not counted. dpo only.',
  })
  async requestStatistics(
    @Ctx() ctx: DeskContext,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Arg('asOf', () => Date, { nullable: true }) asOf?: Date | null,
  ): Promise<RequestStatistic[]> {
    ctx.access.assertRole('read the request statistics', 'dpo');
    const start = input.dateTime(from, 'from');
    const end = input.dateTime(to, 'to');
    if (end <= start) throw badUserInput('"to" must be after "from"', 'to');
    if (end.getTime() - start.getTime() > MAX_WINDOW_DAYS * DAY_MS)
      throw badUserInput(`"from" and "to" may be at most ${MAX_WINDOW_DAYS} days apart`, 'to');
    const at = asOf == null ? new Date() : input.dateTime(asOf, 'asOf');
    const types = Object.values(RequestType).filter((t) => !NOT_COUNTED.includes(t));
    return requestStatistics(await ctx.desk.statistics.buckets(start, end, types, at));
  }

  @Query(() => [LifecycleEvent], {
    description:
      "What the sweep will do before `before`, soonest first: closed accounts' erasures, warned accounts' erasures, minors' erasures, with their dates; the `limit` soonest (1 to 100). dpo only.",
  })
  async upcomingLifecycleEvents(
    @Ctx() ctx: DeskContext,
    @Arg('before', () => Date) before: Date,
    @Arg('subjectId', () => ID, { nullable: true }) subjectId?: string | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 100 }) limit?: number | null,
  ): Promise<LifecycleEvent[]> {
    ctx.access.assertRole('read the upcoming lifecycle events', 'dpo');
    const until = input.dateTime(before, 'before');
    const subject = subjectId == null ? undefined : input.subjectId(subjectId, 'subjectId');
    const most = input.searchLimit(limit ?? 100);
    // The soonest `most` of each source, in the database (decision 330): the soonest `most` of
    // all are among them, however many accounts the look ahead reaches.
    const only = { subjectId: subject, limit: most };
    const { eraseAfter } = ctx.policy.closure;
    const closures = await ctx.desk.lifecycle.closuresAwaitingErasure(subtractDuration(until, eraseAfter), only);
    const events: LifecycleEvent[] = closures.map((c) => ({
      kind: 'CLOSURE_ERASURE',
      subjectId: c.subjectId,
      at: addDuration(midnightUtc(c.receivedAt), eraseAfter),
      requestId: c.id,
    }));
    const kinds: Array<['INACTIVITY' | 'MINOR', LifecycleEventKind]> = [
      ['INACTIVITY', 'INACTIVITY_ERASURE'],
      ['MINOR', 'MINOR_ERASURE'],
    ];
    for (const [type, kind] of kinds)
      for (const r of await ctx.desk.lifecycle.openOfKind(type, { ...only, dueBefore: until, soonestDue: true }))
        events.push({ kind, subjectId: r.subjectId, at: r.dueAt, requestId: r.id });
    return events
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.requestId.localeCompare(b.requestId))
      .slice(0, most);
  }
}
