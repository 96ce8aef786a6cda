import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { isoDate } from '../../common/duration';
import type { MentorAssignmentEntity } from './entities/mentor-assignment.entity';
import type { SessionsContext } from './sessions.loaders';
import { ConnectionLog } from './types/connection-log.type';
import { LearningModuleProgress } from './types/learning-progress.type';
import { MentorAssignment } from './types/mentor-assignment.type';
import { MentoringSession } from './types/mentoring-session.type';
import { ResourceDownload } from './types/resource-download.type';
import { SessionEvaluation } from './types/session-evaluation.type';
import { SharedDocument } from './types/shared-document.type';
import { DataSubject } from './types/subject.type';

/**
 * The mentor the caller reads this subject as, when that is all they are to them (not a dpo, the
 * service, the subject themself): they see only their own assignment's part (O2, O5).
 */
function asMentorOnly(ctx: SessionsContext, subjectId: string): string | null {
  const p = ctx.access.principal;
  const wider = p.roles.some((r) => r === 'dpo' || r === 'service' || (r === 'subject' && p.subjectId === subjectId));
  return !wider && p.roles.includes('mentor') ? (p.mentorId ?? '') : null;
}

/** Whether a day (YYYY-MM-DD) falls within one of these assignments. */
const within = (day: string, assignments: readonly MentorAssignmentEntity[]) =>
  assignments.some((a) => a.startsOn <= day && (a.endsOn === null || day <= a.endsOn));

/**
 * What this subgraph adds to a subject; each list is one statement for all subjects of a request.
 * A mentor gets the sessions they held, their own assignments, and the documents of those sessions
 * or shared while they were assigned: never an earlier mentor's sessions and private notes.
 */
@Resolver(() => DataSubject)
export class SubjectResolver {
  @FieldResolver(() => [MentoringSession], { nullable: true })
  async mentoringSessions(@Root() s: DataSubject, @Ctx() ctx: SessionsContext) {
    const sessions = await ctx.loaders.mentoringSessions.load(s.id);
    const mentor = asMentorOnly(ctx, s.id);
    return mentor === null ? sessions : sessions.filter((x) => x.mentorId === mentor);
  }

  @FieldResolver(() => [MentorAssignment], { nullable: true })
  async mentorAssignments(@Root() s: DataSubject, @Ctx() ctx: SessionsContext) {
    const assignments = await ctx.loaders.mentorAssignments.load(s.id);
    const mentor = asMentorOnly(ctx, s.id);
    return mentor === null ? assignments : assignments.filter((a) => a.mentorId === mentor);
  }

  @FieldResolver(() => [SharedDocument], { nullable: true })
  async documents(@Root() s: DataSubject, @Ctx() ctx: SessionsContext) {
    const documents = await ctx.loaders.documents.load(s.id);
    const mentor = asMentorOnly(ctx, s.id);
    if (mentor === null) return documents;
    const [sessions, assignments] = await Promise.all([
      ctx.loaders.mentoringSessions.load(s.id),
      ctx.loaders.mentorAssignments.load(s.id),
    ]);
    const held = new Set(sessions.filter((x) => x.mentorId === mentor).map((x) => x.id));
    const own = assignments.filter((a) => a.mentorId === mentor);
    return documents.filter((d) => (d.sessionId !== null ? held.has(d.sessionId) : within(isoDate(d.sharedAt), own)));
  }

  @FieldResolver(() => [SessionEvaluation], { nullable: true })
  evaluations(@Root() s: DataSubject, @Ctx() ctx: SessionsContext) {
    return ctx.loaders.evaluations.load(s.id);
  }

  @FieldResolver(() => [LearningModuleProgress], { nullable: true })
  learningProgress(@Root() s: DataSubject, @Ctx() ctx: SessionsContext) {
    return ctx.loaders.learningProgress.load(s.id);
  }

  @FieldResolver(() => [ResourceDownload], { nullable: true })
  downloads(@Root() s: DataSubject, @Ctx() ctx: SessionsContext) {
    return ctx.loaders.downloads.load(s.id);
  }

  @FieldResolver(() => [ConnectionLog], { nullable: true })
  connectionLogs(@Root() s: DataSubject, @Ctx() ctx: SessionsContext) {
    return ctx.loaders.connectionLogs.load(s.id);
  }
}
