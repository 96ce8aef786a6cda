import { Arg, Ctx, Field, ID, InputType, Int, Query, Resolver } from 'type-graphql';
import { pageSize } from '../../../common/connection';
import { connectionTypes } from '../../../common/connection.type';
import * as input from '../../../common/validation';
import { badUserInput } from '../../../common/errors';
import type { AccessLogContext } from './access-log.context';
import { AccessLogEntry } from './types/access-log-entry.type';

const MAX_PRINCIPAL = 200;

const AccessLogEntryConnection = connectionTypes('AccessLogEntry', AccessLogEntry).Connection;

@InputType({ description: 'Every part is applied in SQL before paging; [since, until).' })
class AccessLogFilter {
  @Field(() => ID, { nullable: true })
  subjectId?: string | null;

  @Field(() => String, { nullable: true, description: "A reader's `sub`." })
  principal?: string | null;

  @Field(() => Date, { nullable: true })
  since?: Date | null;

  @Field(() => Date, { nullable: true })
  until?: Date | null;
}

@Resolver()
export class AccessLogResolver {
  // Nullable: a refused argument (a malformed date, say) is this field's error, not the whole response's.
  @Query(() => AccessLogEntryConnection, {
    nullable: true,
    description: 'Staff reads of personal data, newest first, a page at a time (`first` at most 200). dpo only.',
  })
  async accessLog(
    @Ctx() ctx: AccessLogContext,
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter?: AccessLogFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    ctx.access.assertRole('read the access log', 'dpo');
    const f = filter ?? {};
    const principal = f.principal;
    if (principal != null && (principal.length === 0 || principal.length > MAX_PRINCIPAL)) {
      throw badUserInput(`"filter.principal" must hold 1 to ${MAX_PRINCIPAL} characters`, 'filter.principal');
    }
    const where = {
      subjectId: f.subjectId == null ? undefined : input.subjectId(f.subjectId, 'filter.subjectId'),
      principal: principal ?? undefined,
      since: f.since == null ? undefined : input.dateTime(f.since, 'filter.since'),
      until: f.until == null ? undefined : input.dateTime(f.until, 'filter.until'),
    };
    return ctx.store.accessLog(where, pageSize(first), after, (r) => ({
      ...r,
      roles: r.roles.split(','),
      fields: r.fields.split(','),
    }));
  }
}
