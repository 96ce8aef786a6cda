import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { FANOUT_ROLE } from '../../common/access';
import { badUserInput } from '../../common/errors';
import * as input from '../../common/validation';
import type { SessionsContext } from './sessions.loaders';
import { SessionsActivity } from './types/sessions-activity.type';

/** The privacy contract's activity query: what the inactivity rule (requests) counts as a connection. */
@Resolver()
export class ActivityResolver {
  @Query(() => [SessionsActivity])
  @Directive('@inaccessible')
  async privacyLastActivity(
    @Ctx() ctx: SessionsContext,
    @Arg('subjectIds', () => [ID]) rawIds: string[],
  ): Promise<SessionsActivity[]> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    if (rawIds.length > input.CONTRACT_MAX_IDS)
      throw badUserInput(`at most ${input.CONTRACT_MAX_IDS} ids`, 'subjectIds');
    const ids = rawIds.map((id) => input.subjectId(id, 'subjectIds'));
    return ctx.store.lastActivity(ids);
  }
}
