import type { GraphQLResolveInfo } from 'graphql';
import { prefetch } from '../../common/loaders';
import { selects } from '../../common/selection';
import { readsOutright } from '../../common/subgraph-guard';
import type { ProfileContext } from './profile.context';
import type { ProfileLoaders } from './profile.loaders';

/**
 * The loaders each field of a subject reads (subject.resolver.ts), by field. A field missing here
 * is read as before, once the subject's row is back: slower, never wrong.
 */
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
 * reach, and only the fields the field rule would let it read outright (not one its role
 * refuses, nor one a restriction could hide from it: those are read as before, or not at all);
 * a subject that does not exist costs the selected fields' statements, which find nothing.
 */
export function prefetchSubjectFields(
  info: GraphQLResolveInfo,
  ctx: ProfileContext,
  subjectIds: readonly string[],
): void {
  for (const [field, used] of READS) {
    if (!selects(info, field)) continue;
    for (const id of subjectIds)
      if (readsOutright(info, ctx, id, field)) for (const name of used) prefetch(ctx.loaders[name], id);
  }
}
