import { Arg, Ctx, Directive, ID, Int, Query, Resolver } from 'type-graphql';
import { FANOUT_ROLE } from '../../common/access';
import { badUserInput } from '../../common/errors';
import { ConsentPurpose } from '../../common/privacy-contract';
import * as input from '../../common/validation';
import type { ProfileContext } from './profile.context';
import { SubjectContact } from './types/subject-contact.type';
import { SubjectStatus } from './types/subject.type';
import { adultBornByToday } from './minors';

export const MAX_AUDIENCE_PAGE = 1000;

/** The profile's own part of the privacy contract: what only the owner of the subject row can answer. */
@Resolver()
export class PrivacyResolver {
  /** The requests service asks before it accepts a rights request: unknown subject, or erased already. */
  @Query(() => SubjectStatus, {
    nullable: true,
    description: "The subject's status; null when there is no such subject.",
  })
  @Directive('@inaccessible')
  async privacySubjectStatus(
    @Arg('subjectId', () => ID) subjectId: string,
    @Ctx() ctx: ProfileContext,
  ): Promise<SubjectStatus | null> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    const subject = await ctx.loaders.subject.load(input.subjectId(subjectId, 'subjectId'));
    return subject ? (subject.status as SubjectStatus) : null;
  }

  /**
   * The requests service asks this instead when it will write to the subject: with the status,
   * the address and language its messages go to, read once, at the moment the request is received.
   */
  @Query(() => SubjectContact, { nullable: true, description: 'null when there is no such subject.' })
  @Directive('@inaccessible')
  async privacySubjectContact(
    @Arg('subjectId', () => ID) subjectId: string,
    @Ctx() ctx: ProfileContext,
  ): Promise<SubjectContact | null> {
    ctx.access.assertRole('use the privacy contract', FANOUT_ROLE);
    const subject = await ctx.loaders.subject.load(input.subjectId(subjectId, 'subjectId'));
    return subject ? { status: subject.status as SubjectStatus, email: subject.email, locale: subject.locale } : null;
  }

  /**
   * What a marketing, analytics, recommendation, research or employer-report job reads before
   * it runs: restrictions, objections and withdrawn consents take effect by leaving a subject
   * out of this list, so a job that reads it honours them without knowing of them.
   */
  @Query(() => [ID], {
    description:
      'Ids of the subjects a processing may include, ascending: an account in use, no restriction or objection in force for it (or for ALL), ' +
      'and the consent it needs (where the policy requires consent: the latest answer is a grant; elsewhere: the latest answer is not a withdrawal). ' +
      `Page with \`after\` (the last id of the previous page); \`limit\` 1 to ${MAX_AUDIENCE_PAGE}. For dpo and service.`,
  })
  processingAudience(
    @Arg('purpose', () => ConsentPurpose) purpose: ConsentPurpose,
    @Arg('limit', () => Int, { defaultValue: 100, nullable: true }) limit: number | null,
    @Arg('after', () => ID, { nullable: true }) after: string | null,
    @Ctx() ctx: ProfileContext,
  ): Promise<string[]> {
    ctx.access.assertRole('read processing audiences', 'dpo', 'service');
    const size = limit ?? 100;
    if (!Number.isInteger(size) || size < 1 || size > MAX_AUDIENCE_PAGE)
      throw badUserInput(`"limit" must be between 1 and ${MAX_AUDIENCE_PAGE}`, 'limit');
    const from = after == null ? null : input.cursor(after, 'after');
    return ctx.store.processingAudience(
      purpose,
      ctx.policy.consentRequiredFor.includes(purpose),
      from,
      size,
      adultBornByToday(ctx.policy, new Date()),
    );
  }
}
