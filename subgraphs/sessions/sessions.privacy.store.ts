import type { EntityManager } from 'typeorm';
import { ConnectionLogEntity } from './entities/connection-log.entity';
import { LearningProgressEntity } from './entities/learning-progress.entity';
import { MentorAssignmentEntity } from './entities/mentor-assignment.entity';
import { MentoringSessionEntity } from './entities/mentoring-session.entity';
import { ResourceDownloadEntity } from './entities/resource-download.entity';
import { SessionEvaluationEntity } from './entities/session-evaluation.entity';
import { SharedDocumentEntity } from './entities/shared-document.entity';

/** Rows deleted per table by an erasure. */
export interface SessionsDeleted {
  mentoringSessions: number;
  documents: number;
  learningProgress: number;
  downloads: number;
  connectionLogs: number;
  assignments: number;
}

/**
 * The privacy contract's SQL for sessions, inside the contract's transaction. One statement
 * per table, whatever the number of the subject's rows: an erasure of 300 connection logs costs
 * what an erasure of one does.
 */
export class SessionsPrivacyStore {
  constructor(private readonly tx: EntityManager) {}

  async deleteSubjectRows(subjectId: string): Promise<SessionsDeleted> {
    const remove = async (entity: new () => { subjectId: string }): Promise<number> =>
      (await this.tx.getRepository(entity).delete({ subjectId })).affected ?? 0;
    return {
      mentoringSessions: await remove(MentoringSessionEntity),
      documents: await remove(SharedDocumentEntity),
      learningProgress: await remove(LearningProgressEntity),
      downloads: await remove(ResourceDownloadEntity),
      connectionLogs: await remove(ConnectionLogEntity),
      assignments: await remove(MentorAssignmentEntity),
    };
  }

  /** Keeps rating and date; drops the text and both links (to the person, to the session). */
  async anonymiseEvaluations(subjectId: string): Promise<number> {
    const result = await this.tx
      .getRepository(SessionEvaluationEntity)
      .update({ subjectId }, { subjectId: null, sessionId: null, comment: null });
    return result.affected ?? 0;
  }

  async hasAssignments(subjectId: string): Promise<boolean> {
    return this.tx.getRepository(MentorAssignmentEntity).existsBy({ subjectId });
  }
}
