import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { RestrictionScope } from '../../common/privacy-contract';
import * as input from '../../common/validation';
import { preferencesView } from './marketing';
import { consentsFromEvents } from './consents';
import type { ProfileContext } from './profile.context';
import { prefetchSubjectFields } from './subject.prefetch';
import { Consent } from './types/consent.type';
import {
  CommunicationPreferences,
  EmployerSponsorship,
  FinancialSituation,
  ProfessionalContext,
} from './types/context.type';
import { ProcessingRestriction } from './types/restriction.type';
import { DataSubject } from './types/subject.type';

/** Entry points of the whole graph: every export starts by finding the subject here. */
@Resolver(() => DataSubject)
export class SubjectResolver {
  @Query(() => DataSubject, { nullable: true, description: 'The subject with this id, or null if there is none.' })
  subject(@Arg('id', () => ID) id: string, @Ctx() ctx: ProfileContext, @Info() info: GraphQLResolveInfo) {
    const subjectId = input.subjectId(id);
    ctx.access.assertSubject(subjectId);
    prefetchSubjectFields(info, ctx, [subjectId]);
    return ctx.loaders.subject.load(subjectId);
  }

  @Query(() => DataSubject, { nullable: true, description: 'Exact match on the email, ignoring case.' })
  async subjectByEmail(@Arg('email') email: string, @Ctx() ctx: ProfileContext) {
    ctx.access.assertEmailLookup();
    return ctx.access.scopeFound(await ctx.store.subjectByEmailKey(input.email(email)));
  }

  @Query(() => [DataSubject], {
    nullable: 'items',
    description: `One entry per id, in order; null where none. At most ${input.MAX_IDS} ids.`,
  })
  subjects(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: ProfileContext, @Info() info: GraphQLResolveInfo) {
    // An id out of the caller's scope gets a FORBIDDEN error in its place; the others load together.
    const scoped = ctx.access.scopeIds(input.subjectIds(ids));
    prefetchSubjectFields(
      info,
      ctx,
      scoped.filter((id): id is string => typeof id === 'string'),
    );
    return Promise.all(
      scoped.map((id) => (typeof id === 'string' ? ctx.loaders.subject.load(id) : Promise.resolve(id))),
    );
  }

  @Query(() => [DataSubject], {
    description: 'Subjects whose name or email contains the text, ignoring case and accents.',
  })
  searchSubjects(
    @Arg('text') text: string,
    @Arg('limit', () => Int, { defaultValue: 20, nullable: true }) limit: number | null,
    @Ctx() ctx: ProfileContext,
  ) {
    ctx.access.assertSearch();
    return ctx.store.search(input.searchText(text), input.searchLimit(limit ?? 20));
  }

  @FieldResolver(() => ProfessionalContext, { nullable: true })
  professional(@Root() s: DataSubject, @Ctx() ctx: ProfileContext) {
    return ctx.loaders.professional.load(s.id);
  }

  @FieldResolver(() => FinancialSituation, { nullable: true })
  financialSituation(@Root() s: DataSubject, @Ctx() ctx: ProfileContext) {
    return ctx.loaders.financial.load(s.id);
  }

  @FieldResolver(() => [Consent], {
    nullable: true,
    description: 'Never null in the data: null only where your role may not read it (a FORBIDDEN error says so).',
  })
  async consents(@Root() s: DataSubject, @Ctx() ctx: ProfileContext) {
    return consentsFromEvents(await ctx.loaders.consentEvents.load(s.id));
  }

  @FieldResolver(() => EmployerSponsorship, { nullable: true })
  sponsorship(@Root() s: DataSubject, @Ctx() ctx: ProfileContext) {
    return ctx.loaders.sponsorship.load(s.id);
  }

  @FieldResolver(() => CommunicationPreferences, { nullable: true })
  async communicationPreferences(@Root() s: DataSubject, @Ctx() ctx: ProfileContext) {
    // Marketing preferences are views of the consent record (marketing.ts).
    const [row, events, restrictions] = await Promise.all([
      ctx.loaders.preferences.load(s.id),
      ctx.loaders.consentEvents.load(s.id),
      ctx.loaders.restrictions.load(s.id),
    ]);
    return preferencesView(row ?? null, events, restrictions);
  }

  @FieldResolver(() => [ProcessingRestriction], { nullable: true })
  async processingRestrictions(@Root() s: DataSubject, @Ctx() ctx: ProfileContext): Promise<ProcessingRestriction[]> {
    const rows = await ctx.loaders.restrictions.load(s.id);
    return rows.map((r) => ({
      kind: r.kind,
      scope: r.scope as RestrictionScope,
      categories: r.categories ? r.categories.split(',') : null,
      since: r.since,
      liftedAt: r.liftedAt,
      requestId: r.requestId,
    }));
  }
}
