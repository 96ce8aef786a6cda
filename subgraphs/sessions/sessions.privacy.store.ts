import { changeRows } from '../../common/batch-write';
import type { EntityManager } from 'typeorm';
import { holdable, notHeld, type HoldableTable } from '../../common/privacy-contract';
import { MentorAssignmentEntity } from './entities/mentor-assignment.entity';
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

/** What a legal hold may name here: any record of the subject's, each kept whole. */
export const SESSIONS_HOLDABLE: HoldableTable[] = [
  holdable('MentoringSession', 'mentoring_session'),
  holdable('SharedDocument', 'shared_document'),
  holdable('LearningProgress', 'learning_progress'),
  holdable('ResourceDownload', 'resource_download'),
  holdable('ConnectionLog', 'connection_log'),
  holdable('MentorAssignment', 'mentor_assignment'),
  holdable('SessionEvaluation', 'session_evaluation'),
];

/**
 * The privacy contract's SQL for sessions, inside the contract's transaction. One statement
 * per table, whatever the number of the subject's rows: an erasure of 300 connection logs costs
 * what an erasure of one does.
 */
export class SessionsPrivacyStore {
  constructor(private readonly tx: EntityManager) {}

  /** The subject's rows of one table, but what a legal hold covers (excluded in the statement itself). */
  async deleteOf(table: string, subjectId: string): Promise<number> {
    return changeRows(this.tx, `DELETE FROM ${table} WHERE subject_id = :subjectId AND ${notHeld(table)}`, {
      subjectId,
    });
  }

  /** Documents and evaluations of the subject no longer point at sessions a partial erasure deleted. */
  async unlinkSessions(subjectId: string): Promise<void> {
    for (const entity of [SharedDocumentEntity, SessionEvaluationEntity]) {
      await this.tx
        .createQueryBuilder()
        .update(entity)
        .set({ sessionId: null })
        .where(
          `subject_id = :subjectId AND session_id IS NOT NULL AND session_id NOT IN (SELECT m.id FROM mentoring_session m)`,
          { subjectId },
        )
        .execute();
    }
  }

  async deleteSubjectRows(subjectId: string): Promise<SessionsDeleted> {
    const remove = (table: string): Promise<number> => this.deleteOf(table, subjectId);
    return {
      mentoringSessions: await remove('mentoring_session'),
      documents: await remove('shared_document'),
      learningProgress: await remove('learning_progress'),
      downloads: await remove('resource_download'),
      connectionLogs: await remove('connection_log'),
      assignments: await remove('mentor_assignment'),
    };
  }

  /** Keeps rating and date; drops the text and both links (to the person, to the session). */
  async anonymiseEvaluations(subjectId: string): Promise<number> {
    return changeRows(
      this.tx,
      `UPDATE session_evaluation SET subject_id = NULL, session_id = NULL, comment = NULL
        WHERE subject_id = :subjectId AND ${notHeld('session_evaluation')}`,
      { subjectId },
    );
  }

  async hasAssignments(subjectId: string): Promise<boolean> {
    return this.tx.getRepository(MentorAssignmentEntity).existsBy({ subjectId });
  }
}
