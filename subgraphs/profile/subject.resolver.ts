import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import * as input from '../../common/validation';
import { consentsFromEvents } from './consents';
import type { ProfileContext } from './profile.loaders';
import { Consent } from './types/consent.type';
import { CommunicationPreferences, EmployerSponsorship, FinancialSituation, ProfessionalContext } from './types/context.type';
import { DataSubject } from './types/subject.type';

/** Entry points of the whole graph: every export starts by finding the subject here. */
@Resolver(() => DataSubject)
export class SubjectResolver {
  @Query(() => DataSubject, { nullable: true, description: 'The subject with this id, or null if there is none.' })
  subject(@Arg('id', () => ID) id: string, @Ctx() ctx: ProfileContext) {
    return ctx.loaders.subject.load(input.subjectId(id));
  }

  @Query(() => DataSubject, { nullable: true, description: 'Exact match on the email, ignoring case.' })
  async subjectByEmail(@Arg('email') email: string, @Ctx() ctx: ProfileContext) {
    return ctx.store.subjectByEmailKey(input.email(email));
  }

  @Query(() => [DataSubject], { nullable: 'items', description: `One entry per id, in order; null where none. At most ${input.MAX_IDS} ids.` })
  subjects(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: ProfileContext) {
    return ctx.loaders.subject.loadMany(input.subjectIds(ids));
  }

  @Query(() => [DataSubject], { description: 'Subjects whose name or email contains the text, ignoring case and accents.' })
  searchSubjects(
    @Arg('text') text: string,
    @Arg('limit', () => Int, { defaultValue: 20, nullable: true }) limit: number | null,
    @Ctx() ctx: ProfileContext,
  ) {
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

  @FieldResolver(() => [Consent])
  async consents(@Root() s: DataSubject, @Ctx() ctx: ProfileContext) {
    return consentsFromEvents(await ctx.loaders.consentEvents.load(s.id));
  }

  @FieldResolver(() => EmployerSponsorship, { nullable: true })
  sponsorship(@Root() s: DataSubject, @Ctx() ctx: ProfileContext) {
    return ctx.loaders.sponsorship.load(s.id);
  }

  @FieldResolver(() => CommunicationPreferences, { nullable: true })
  communicationPreferences(@Root() s: DataSubject, @Ctx() ctx: ProfileContext) {
    return ctx.loaders.preferences.load(s.id);
  }
}
