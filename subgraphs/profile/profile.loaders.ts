import { manyLoader, oneLoader } from '../../common/loaders';
import type { SubjectDatabaseContext } from '../../common/context';
import { ProfileStore } from './profile.store';

export function createProfileLoaders(store: ProfileStore) {
  return {
    subject: oneLoader((ids) => store.subjectsByIds(ids), (s) => s.id),
    professional: oneLoader((ids) => store.professionalBySubjects(ids), (r) => r.subjectId),
    financial: oneLoader((ids) => store.financialBySubjects(ids), (r) => r.subjectId),
    consentEvents: manyLoader((ids) => store.consentEventsBySubjects(ids), (r) => r.subjectId),
    sponsorship: oneLoader((ids) => store.sponsorshipBySubjects(ids), (r) => r.subjectId),
    preferences: oneLoader((ids) => store.preferencesBySubjects(ids), (r) => r.subjectId),
  };
}

export type ProfileContext = SubjectDatabaseContext<ProfileStore, ReturnType<typeof createProfileLoaders>>;
