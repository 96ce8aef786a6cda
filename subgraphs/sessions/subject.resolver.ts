import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SessionsContext } from './sessions.loaders';
import { ConnectionLog } from './types/connection-log.type';
import { LearningModuleProgress } from './types/learning-progress.type';
import { MentorAssignment } from './types/mentor-assignment.type';
import { MentoringSession } from './types/mentoring-session.type';
import { ResourceDownload } from './types/resource-download.type';
import { SessionEvaluation } from './types/session-evaluation.type';
import { SharedDocument } from './types/shared-document.type';
import { DataSubject } from './types/subject.type';

/** What this subgraph adds to a subject; each list is one statement for all subjects of a request. */
@Resolver(() => DataSubject)
export class SubjectResolver {
  @FieldResolver(() => [MentoringSession], { nullable: true })
  mentoringSessions(@Root() s: DataSubject, @Ctx() ctx: SessionsContext) {
    return ctx.loaders.mentoringSessions.load(s.id);
  }

  @FieldResolver(() => [MentorAssignment], { nullable: true })
  mentorAssignments(@Root() s: DataSubject, @Ctx() ctx: SessionsContext) {
    return ctx.loaders.mentorAssignments.load(s.id);
  }

  @FieldResolver(() => [SharedDocument], { nullable: true })
  documents(@Root() s: DataSubject, @Ctx() ctx: SessionsContext) {
    return ctx.loaders.documents.load(s.id);
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
