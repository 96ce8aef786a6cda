import { In, type DataSource, type EntityTarget, type FindOptionsOrder, type FindOptionsWhere } from 'typeorm';
import { ConnectionLogEntity } from './entities/connection-log.entity';
import { LearningProgressEntity } from './entities/learning-progress.entity';
import { MentorAssignmentEntity } from './entities/mentor-assignment.entity';
import { MentoringSessionEntity } from './entities/mentoring-session.entity';
import { ResourceDownloadEntity } from './entities/resource-download.entity';
import { SessionEvaluationEntity } from './entities/session-evaluation.entity';
import { SharedDocumentEntity } from './entities/shared-document.entity';

type SubjectRow = { id: string; subjectId: string };

/**
 * All the SQL of the sessions subgraph. Every read takes a list of subject ids and runs one
 * statement; rows come oldest first, the id breaking ties, so an export reads the same twice.
 */
export class SessionsStore {
  constructor(private readonly ds: DataSource) {}

  mentoringSessionsBySubjects(ids: readonly string[]): Promise<MentoringSessionEntity[]> {
    return this.bySubjects(MentoringSessionEntity, ids, { scheduledAt: 'ASC', id: 'ASC' });
  }

  assignmentsBySubjects(ids: readonly string[]): Promise<MentorAssignmentEntity[]> {
    return this.bySubjects(MentorAssignmentEntity, ids, { startsOn: 'ASC', id: 'ASC' });
  }

  documentsBySubjects(ids: readonly string[]): Promise<SharedDocumentEntity[]> {
    return this.bySubjects(SharedDocumentEntity, ids, { sharedAt: 'ASC', id: 'ASC' });
  }

  evaluationsBySubjects(ids: readonly string[]): Promise<SessionEvaluationEntity[]> {
    return this.bySubjects(SessionEvaluationEntity, ids, { submittedAt: 'ASC', id: 'ASC' });
  }

  learningProgressBySubjects(ids: readonly string[]): Promise<LearningProgressEntity[]> {
    return this.bySubjects(LearningProgressEntity, ids, { startedAt: 'ASC', id: 'ASC' });
  }

  downloadsBySubjects(ids: readonly string[]): Promise<ResourceDownloadEntity[]> {
    return this.bySubjects(ResourceDownloadEntity, ids, { downloadedAt: 'ASC', id: 'ASC' });
  }

  connectionLogsBySubjects(ids: readonly string[]): Promise<ConnectionLogEntity[]> {
    return this.bySubjects(ConnectionLogEntity, ids, { startedAt: 'ASC', id: 'ASC' });
  }

  private bySubjects<T extends SubjectRow>(entity: EntityTarget<T>, ids: readonly string[], order: FindOptionsOrder<T>): Promise<T[]> {
    const where = { subjectId: In([...ids]) } as FindOptionsWhere<T>;
    return this.ds.getRepository(entity).find({ where, order });
  }
}
