import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Personal, SUBJECT_ID } from '../../../common/privacy';
import { CONNECTION, ConnectionLog } from './connection-log.type';
import { LEARNING, LearningModuleProgress } from './learning-progress.type';
import { ASSIGNMENT, MentorAssignment } from './mentor-assignment.type';
import { SESSION_CONTENT, MentoringSession } from './mentoring-session.type';
import { DOWNLOAD, ResourceDownload } from './resource-download.type';
import { EVALUATION, SessionEvaluation } from './session-evaluation.type';
import { DOCUMENT, SharedDocument } from './shared-document.type';

/**
 * The subject as the sessions service extends it. Its own class, not profile's: type-graphql
 * keeps one global metadata store, and each subgraph declares only the fields it resolves.
 * Lists are nullable: null says "the sessions service did not answer", so an outage here does
 * not wipe out what the other services return for the same subject.
 */
@ObjectType('DataSubject')
@Directive('@key(fields: "id")')
export class DataSubject {
  @Field(() => ID)
  @Personal(SUBJECT_ID)
  id!: string;

  @Field(() => [MentoringSession], { nullable: true, description: 'Oldest first.' })
  @Personal(SESSION_CONTENT)
  mentoringSessions?: MentoringSession[];

  @Field(() => [MentorAssignment], { nullable: true, description: 'Oldest first.' })
  @Personal(ASSIGNMENT)
  mentorAssignments?: MentorAssignment[];

  @Field(() => [SharedDocument], { nullable: true, description: 'Oldest first.' })
  @Personal(DOCUMENT)
  documents?: SharedDocument[];

  @Field(() => [SessionEvaluation], { nullable: true, description: 'Oldest first.' })
  @Personal(EVALUATION)
  evaluations?: SessionEvaluation[];

  @Field(() => [LearningModuleProgress], { nullable: true, description: 'By start date, oldest first.' })
  @Personal(LEARNING)
  learningProgress?: LearningModuleProgress[];

  @Field(() => [ResourceDownload], { nullable: true, description: 'Oldest first.' })
  @Personal(DOWNLOAD)
  downloads?: ResourceDownload[];

  @Field(() => [ConnectionLog], { nullable: true, description: 'Oldest first.' })
  @Personal(CONNECTION)
  connectionLogs?: ConnectionLog[];
}
