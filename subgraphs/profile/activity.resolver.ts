import { Arg, Ctx, Directive, ID, Mutation, Query, Resolver } from 'type-graphql';
import { FANOUT_ROLE, hasRole } from '../../common/access';
import { badUserInput, fail, noSuchSubject } from '../../common/errors';
import * as input from '../../common/validation';
import type { SubjectEntity } from './entities/subject.entity';
import type { ProfileContext } from './profile.context';
import { SubjectActivity } from './types/subject-activity.type';
import { adultBornBy } from './minors';
import type { SubjectStatus } from './types/subject.type';

const activity = (s: SubjectEntity): SubjectActivity => ({
  id: s.id,
  status: s.status as SubjectStatus,
  lastActivity: s.lastLoginAt ?? s.createdAt,
  email: s.email,
  locale: s.locale,
  birthDate: s.birthDate,
  fullName: s.fullName,
});

/**
 * How the product learns that a subject is active: it does not authenticate end users, so the
 * organisation's sign-in reports each login (recordLogin, `service` role), and a subject's own
 * authenticated client may report theirs. The inactivity rule (requests/lifecycle/inactivity.ts)
 * reads the result through the two contract queries below.
 */
@Resolver()
export class ActivityResolver {
  @Mutation(() => Date, {
    description:
      "Records a login of the subject (the organisation's sign-in calls it; `at` defaults to now, never in the future). " +
      'A later login than the one on file replaces it and cancels a pending inactivity erasure. For service, dpo, and a subject for themself. ' +
      'Answers the last login on file.',
  })
  async recordLogin(
    @Ctx() ctx: ProfileContext,
    @Arg('subjectId', () => ID) rawId: string,
    @Arg('at', () => Date, { nullable: true }) at: Date | null,
  ): Promise<Date> {
    const subjectId = input.subjectId(rawId, 'subjectId');
    const p = ctx.access.principal;
    if (!hasRole(p, 'service', 'dpo') && !(p.roles.includes('subject') && p.subjectId === subjectId))
      ctx.access.assertRole('record a login', 'service', 'dpo');
    const when = at ?? new Date();
    if (Number.isNaN(when.getTime()) || when.getTime() > Date.now() + 60_000)
      throw badUserInput('"at" must not be in the future', 'at');
    const [subject] = await ctx.store.subjectsByIds([subjectId]);
    if (!subject) throw noSuchSubject();
    if (subject.status === 'ERASED' || subject.status === 'CLOSED')
      throw fail('SUBJECT_ERASED', `This account is ${subject.status.toLowerCase()}: there is no login to record.`);
    await ctx.store.recordLogin(subjectId, when);
    const [after] = await ctx.store.subjectsByIds([subjectId]);
    return after.lastLoginAt ?? when;
  }

  /**
   * Accounts in use without activity since before `before`: whom the inactivity rule warns. A
   * page at a time in id order (`after` the last id of the page before, at most CONTRACT_MAX_IDS),
   * so the sweep holds one page, whatever the number of accounts.
   */
  @Query(() => [SubjectActivity])
  @Directive('@inaccessible')
  async privacyInactiveSubjects(
    @Ctx() ctx: ProfileContext,
    @Arg('before', () => Date) before: Date,
    @Arg('after', () => ID, { nullable: true }) rawAfter: string | null,
  ): Promise<SubjectActivity[]> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    const after = rawAfter === null ? null : input.subjectId(rawAfter, 'after');
    return (await ctx.store.inactiveBefore(before, after, input.CONTRACT_MAX_IDS)).map(activity);
  }

  /** Subjects under the policy's minimum age as of `asOf` (not erased): the minors rule. */
  @Query(() => [SubjectActivity])
  @Directive('@inaccessible')
  async privacyMinors(@Ctx() ctx: ProfileContext, @Arg('asOf', () => Date) asOf: Date): Promise<SubjectActivity[]> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    return (await ctx.store.minors(adultBornBy(ctx.policy, asOf))).map(activity);
  }

  /** The activity of warned subjects: a login since the warning cancels their erasure. */
  @Query(() => [SubjectActivity])
  @Directive('@inaccessible')
  async privacySubjectsActivity(
    @Ctx() ctx: ProfileContext,
    @Arg('subjectIds', () => [ID]) rawIds: string[],
  ): Promise<SubjectActivity[]> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    if (rawIds.length > input.CONTRACT_MAX_IDS)
      throw badUserInput(`at most ${input.CONTRACT_MAX_IDS} ids`, 'subjectIds');
    const ids = rawIds.map((id) => input.subjectId(id, 'subjectIds'));
    return (await ctx.store.subjectsByIds(ids)).map(activity);
  }
}
