import type { DataSource } from 'typeorm';
import { rowsByKeys } from '../../common/batch-read';
import { SUBJECTS_CLOSED_HERE, SUBJECTS_ERASED_HERE } from '../../common/privacy-contract';
import { latestActivity } from './sessions.activity';
import type { SessionsActivity } from './types/sessions-activity.type';
import { ConnectionLogEntity } from './entities/connection-log.entity';
import { LearningProgressEntity } from './entities/learning-progress.entity';
import { MentorAssignmentEntity } from './entities/mentor-assignment.entity';
import { MentoringSessionEntity } from './entities/mentoring-session.entity';
import { ResourceDownloadEntity } from './entities/resource-download.entity';
import { SessionEvaluationEntity, type OwnedEvaluation } from './entities/session-evaluation.entity';
import { SharedDocumentEntity } from './entities/shared-document.entity';

/**
 * All the SQL of the sessions subgraph. Every read takes a list of subject ids and runs one
 * statement; rows come oldest first, the id breaking ties, so an export reads the same twice.
 */
export class SessionsStore {
  constructor(private readonly ds: DataSource) {}

  /** Each subject's latest activity here (activity.resolver.ts), in one statement. */
  lastActivity(ids: readonly string[]): Promise<SessionsActivity[]> {
    return latestActivity(this.ds, ids);
  }

  mentoringSessionsBySubjects(ids: readonly string[]): Promise<MentoringSessionEntity[]> {
    return rowsByKeys(this.ds, MentoringSessionEntity, 'subjectId', ids, { scheduledAt: 'ASC', id: 'ASC' });
  }

  /**
   * Subjects this mentor has an assignment in force with on `today` (YYYY-MM-DD): started, and
   * the last day not yet behind (the same rule as MentorAssignment.status), the account neither
   * closed nor erased.
   */
  async activeMentees(mentorId: string, today: string): Promise<string[]> {
    const rows = await this.ds
      .getRepository(MentorAssignmentEntity)
      .createQueryBuilder('a')
      .select('DISTINCT a.subjectId', 'subjectId')
      .where('a.mentorId = :mentorId AND a.startsOn <= :today AND (a.endsOn IS NULL OR a.endsOn >= :today)', {
        mentorId,
        today,
      })
      // Nothing of a closed account, from its closure (O5: « accès révoqué »), nor of an erased one.
      .andWhere(`a.subject_id NOT IN (${SUBJECTS_CLOSED_HERE})`)
      .andWhere(`a.subject_id NOT IN (${SUBJECTS_ERASED_HERE})`)
      .orderBy('a.subjectId')
      .getRawMany<{ subjectId: string }>();
    return rows.map((r) => r.subjectId);
  }

  /** A mentor with an assignment in force on `today`, for the development tokens `npm start` prints. */
  async someActiveMentor(today: string): Promise<string | null> {
    const row = await this.ds
      .getRepository(MentorAssignmentEntity)
      .createQueryBuilder('a')
      .select('a.mentorId', 'mentorId')
      .where('a.startsOn <= :today AND (a.endsOn IS NULL OR a.endsOn >= :today)', { today })
      .orderBy('a.mentorId')
      .limit(1)
      .getRawOne<{ mentorId: string }>();
    return row?.mentorId ?? null;
  }

  assignmentsBySubjects(ids: readonly string[]): Promise<MentorAssignmentEntity[]> {
    return rowsByKeys(this.ds, MentorAssignmentEntity, 'subjectId', ids, { startsOn: 'ASC', id: 'ASC' });
  }

  documentsBySubjects(ids: readonly string[]): Promise<SharedDocumentEntity[]> {
    return rowsByKeys(this.ds, SharedDocumentEntity, 'subjectId', ids, { sharedAt: 'ASC', id: 'ASC' });
  }

  /** `subject_id IN (...)` never matches the NULL of an anonymised evaluation: those are nobody's any more. */
  async evaluationsBySubjects(ids: readonly string[]): Promise<OwnedEvaluation[]> {
    const rows = await rowsByKeys(this.ds, SessionEvaluationEntity, 'subjectId', ids, {
      submittedAt: 'ASC',
      id: 'ASC',
    });
    return rows.filter((e): e is OwnedEvaluation => e.subjectId !== null && e.sessionId !== null);
  }

  learningProgressBySubjects(ids: readonly string[]): Promise<LearningProgressEntity[]> {
    return rowsByKeys(this.ds, LearningProgressEntity, 'subjectId', ids, { startedAt: 'ASC', id: 'ASC' });
  }

  downloadsBySubjects(ids: readonly string[]): Promise<ResourceDownloadEntity[]> {
    return rowsByKeys(this.ds, ResourceDownloadEntity, 'subjectId', ids, { downloadedAt: 'ASC', id: 'ASC' });
  }

  connectionLogsBySubjects(ids: readonly string[]): Promise<ConnectionLogEntity[]> {
    return rowsByKeys(this.ds, ConnectionLogEntity, 'subjectId', ids, { startedAt: 'ASC', id: 'ASC' });
  }
}
