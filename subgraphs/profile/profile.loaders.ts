import { manyLoader, oneLoader } from '../../common/loaders';
import { type ProfileStore } from './profile.store';

export function createProfileLoaders(store: ProfileStore) {
  return {
    subject: oneLoader(
      (ids) => store.subjectsByIds(ids),
      (s) => s.id,
    ),
    professional: oneLoader(
      (ids) => store.professionalBySubjects(ids),
      (r) => r.subjectId,
    ),
    financial: oneLoader(
      (ids) => store.financialBySubjects(ids),
      (r) => r.subjectId,
    ),
    consentEvents: manyLoader(
      (ids) => store.consentEventsBySubjects(ids),
      (r) => r.subjectId,
    ),
    sponsorship: oneLoader(
      (ids) => store.sponsorshipBySubjects(ids),
      (r) => r.subjectId,
    ),
    preferences: oneLoader(
      (ids) => store.preferencesBySubjects(ids),
      (r) => r.subjectId,
    ),
    restrictions: manyLoader(
      (ids) => store.restrictionsBySubjects(ids),
      (r) => r.subjectId,
    ),
  };
}

export type ProfileLoaders = ReturnType<typeof createProfileLoaders>;
