import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import * as input from '../../../common/validation';
import { badUserInput } from '../../../common/errors';
import type { AccessLogContext } from './access-log.context';
import { AccessLogEntry } from './types/access-log-entry.type';

const MAX_PRINCIPAL = 200;

@Resolver()
export class AccessLogResolver {
  // Nullable: a refused argument (a malformed date, say) is this field's error, not the whole response's.
  @Query(() => [AccessLogEntry], {
    nullable: true,
    description: `Staff reads of personal data, newest first (dpo only). At most ${input.MAX_SEARCH_LIMIT} entries.`,
  })
  async accessLog(
    @Ctx() ctx: AccessLogContext,
    @Arg('subjectId', () => ID, { nullable: true }) subjectId?: string | null,
    @Arg('principal', () => String, { nullable: true, description: "A reader's `sub`." }) principal?: string | null,
    @Arg('since', () => Date, { nullable: true }) since?: Date | null,
    @Arg('until', () => Date, { nullable: true }) until?: Date | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 100 }) limit?: number | null,
  ): Promise<AccessLogEntry[]> {
    ctx.access.assertRole('read the access log', 'dpo');
    if (principal != null && (principal.length === 0 || principal.length > MAX_PRINCIPAL)) {
      throw badUserInput(`"principal" must hold 1 to ${MAX_PRINCIPAL} characters`, 'principal');
    }
    const rows = await ctx.store.accessLog({
      subjectId: subjectId == null ? undefined : input.subjectId(subjectId, 'subjectId'),
      principal: principal ?? undefined,
      since: since == null ? undefined : input.dateTime(since, 'since'),
      until: until == null ? undefined : input.dateTime(until, 'until'),
      limit: input.searchLimit(limit ?? 100),
    });
    return rows.map((r) => ({ ...r, roles: r.roles.split(','), fields: r.fields.split(',') }));
  }
}
