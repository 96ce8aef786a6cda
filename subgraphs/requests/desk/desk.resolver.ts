import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { forbidden, hasRole } from '../../../common/access';
import * as input from '../../../common/validation';
import { requestView } from '../ledger/request.view';
import { mayReadFor } from '../ledger/who-may';
import { pageSize } from '../../../common/connection';
import type { DeskContext } from './desk.context';
import { AuditEventFilter, RequestFilter } from './types/desk.inputs';
import { AuditEventConnection, DataSubjectRequestConnection } from './types/desk.types';

const optionalDate = (d: Date | null | undefined, name: string) => (d == null ? undefined : input.dateTime(d, name));

/** The ledger and its audit log as connections: filtered in SQL, then paged by keyset. */
@Resolver()
export class DeskResolver {
  @Query(() => DataSubjectRequestConnection, {
    description:
      'Requests, oldest due first, a page at a time (`first` at most 200, `after` the last endCursor). dpo, service; a subject or mentor: with their own subjectId.',
  })
  async dataSubjectRequests(
    @Ctx() ctx: DeskContext,
    @Arg('filter', () => RequestFilter, { nullable: true }) filter?: RequestFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('asOf', () => Date, { nullable: true, description: 'The instant `overdue` is judged at (default now).' })
    asOf?: Date | null,
  ) {
    const f = filter ?? {};
    const subjectId = f.subjectId == null ? undefined : input.subjectId(f.subjectId, 'filter.subjectId');
    const p = ctx.access.principal;
    if (!hasRole(p, 'dpo', 'service') && !(subjectId && mayReadFor(p, subjectId)))
      throw forbidden('Your role may list only your own requests (give filter.subjectId).');
    const at = optionalDate(asOf, 'asOf') ?? new Date();
    const where = {
      statuses: f.statuses ?? undefined,
      types: f.types ?? undefined,
      subjectId,
      dueBefore: optionalDate(f.dueBefore, 'filter.dueBefore'),
      overdue: f.overdue ?? undefined,
      open: f.open ?? undefined,
      asOf: at,
    };
    return ctx.desk.store.requests(where, pageSize(first), after, (r) => requestView(r, at));
  }

  @Query(() => DataSubjectRequestConnection, {
    description:
      "The retention sweeps (scheduled and asked), newest first, a page at a time; each leg's `retention` holds its counts. dpo only.",
  })
  async retentionRuns(
    @Ctx() ctx: DeskContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    ctx.access.assertRole('read the retention sweeps', 'dpo');
    const now = new Date();
    return ctx.desk.store.retentionRuns(pageSize(first), after, (r) => requestView(r, now));
  }

  @Query(() => AuditEventConnection, {
    description: 'The hash-chained audit log in its order, a page at a time: of one request, in a window. dpo only.',
  })
  async auditEvents(
    @Ctx() ctx: DeskContext,
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter?: AuditEventFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    ctx.access.assertRole('read the audit log', 'dpo');
    const f = filter ?? {};
    const where = {
      requestId: f.requestId == null ? undefined : input.requestId(f.requestId, 'filter.requestId'),
      since: optionalDate(f.since, 'filter.since'),
      until: optionalDate(f.until, 'filter.until'),
    };
    return ctx.desk.store.auditEvents(where, pageSize(first), after, (a) => ({ ...a }));
  }
}
