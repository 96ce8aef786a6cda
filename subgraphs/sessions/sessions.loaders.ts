import { manyLoader } from '../../common/loaders';
import type { SubjectDatabaseContext } from '../../common/context';
import type { PrivacyContractContext } from '../../common/privacy-contract';
import { type SessionsStore } from './sessions.store';

const bySubject = (row: { subjectId: string }): string => row.subjectId;

export function createSessionsLoaders(store: SessionsStore) {
  return {
    mentoringSessions: manyLoader((ids) => store.mentoringSessionsBySubjects(ids), bySubject),
    mentorAssignments: manyLoader((ids) => store.assignmentsBySubjects(ids), bySubject),
    documents: manyLoader((ids) => store.documentsBySubjects(ids), bySubject),
    evaluations: manyLoader((ids) => store.evaluationsBySubjects(ids), bySubject),
    learningProgress: manyLoader((ids) => store.learningProgressBySubjects(ids), bySubject),
    downloads: manyLoader((ids) => store.downloadsBySubjects(ids), bySubject),
    connectionLogs: manyLoader((ids) => store.connectionLogsBySubjects(ids), bySubject),
  };
}

/** Reads through the store and loaders; the privacy contract's mutations through `privacy`. */
export interface SessionsContext
  extends SubjectDatabaseContext<SessionsStore, ReturnType<typeof createSessionsLoaders>>, PrivacyContractContext {}
