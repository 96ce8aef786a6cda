import { Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { isoDate } from '../../common/duration';
import type { SessionsContext } from './sessions.loaders';

/**
 * Which subjects a mentor may see: those of an assignment in force today. Assignments live here,
 * so the gateway asks this once per mentor request and vouches for the answer in the internal
 * token it sends every subgraph. Not in the public API (@inaccessible), no argument: the mentor
 * is the one the internal token names, so nobody can ask about someone else's mentees.
 */
@Resolver()
export class MentorScopeResolver {
  @Query(() => [ID], { description: "The calling mentor's subjects with an assignment in force today." })
  @Directive('@inaccessible')
  async activeMentees(@Ctx() ctx: SessionsContext): Promise<string[]> {
    const { mentorId } = ctx.access.principal;
    ctx.access.assertRole('ask for mentees', 'mentor');
    if (!mentorId) return [];
    return ctx.store.activeMentees(mentorId, isoDate(new Date()));
  }
}
