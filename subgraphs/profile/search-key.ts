import { foldForSearch } from '../../common/validation';

/**
 * What `searchSubjects` matches against: name and email folded together. One function for the
 * seed and for rectification, so a rectified subject is found exactly as a seeded one is.
 */
export function subjectSearchKey(fullName: string, email: string): string {
  return foldForSearch(`${fullName} ${email}`);
}
