import type { GraphQLResolveInfo } from 'graphql';
import { prefetch } from '../../common/loaders';
import { selects } from '../../common/selection';
import type { ProfileLoaders } from './profile.loaders';

/** The loaders each field of a subject reads (subject.resolver.ts), by field. */
const READS: ReadonlyArray<[field: string, loaders: ReadonlyArray<Exclude<keyof ProfileLoaders, 'subject'>>]> = [
  ['professional', ['professional']],
  ['financialSituation', ['financial']],
  ['consents', ['consentEvents']],
  ['sponsorship', ['sponsorship']],
  ['communicationPreferences', ['preferences', 'consentEvents', 'restrictions']],
  ['processingRestrictions', ['restrictions']],
];

/**
 * Starts, with the subjects' own rows, the reads of the fields the query selects (decision 347):
 * an export's profile part is then one moment of reads (one round trip on MySQL, decision 339)
 * instead of the subject's row and, once it is back, the rest. Only for subjects the caller may
 * reach; a subject that does not exist costs the selected fields' statements, which find nothing.
 */
export function prefetchSubjectFields(
  info: GraphQLResolveInfo,
  loaders: ProfileLoaders,
  subjectIds: readonly string[],
): void {
  const wanted = new Set(READS.filter(([field]) => selects(info, field)).flatMap(([, used]) => used));
  for (const name of wanted) for (const id of subjectIds) prefetch(loaders[name], id);
}
