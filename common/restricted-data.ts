import { In, IsNull, Not, type DataSource } from 'typeorm';
import { hasRole, type Principal } from './access';
import { manyLoader } from './loaders';
import { UNRESTRICTABLE_CATEGORIES } from './privacy-contract/categories';
import { ProcessingRestrictionEntity } from './privacy-contract/restriction.entity';
import type { PersonalCategory } from './privacy';

/**
 * Restriction of contested data (Art. 18, V13, V43): while a restriction names categories, they
 * stay stored and exported, and every staff role but the dpo reads them as null. The subgraph
 * guard asks this, per subject, for the categories it must hide from such a caller.
 */
export type RestrictedCategories = (subjectId: string) => Promise<ReadonlySet<string>>;

/**
 * Who reads restricted data as it is: the dpo (who verifies it), the subject about themself (it
 * is their copy), the export tooling and the services' own identities (the package, the fan-out).
 * Support, tech and mentors do not.
 */
export function readsRestrictedData(p: Principal, subjectId: string): boolean {
  if (hasRole(p, 'dpo', 'service', 'system', 'requests')) return true;
  return p.roles.includes('subject') && p.subjectId === subjectId;
}

/** The categories of a field a restriction can hide it for (the `id` never: it is the key). */
export function hideableCategories(field: string, categories: Iterable<PersonalCategory>): PersonalCategory[] {
  if (field === 'id') return [];
  return [...categories].filter((c) => !UNRESTRICTABLE_CATEGORIES.includes(c));
}

/**
 * One request's reader of the categories in force per subject, in a subgraph that keeps
 * restrictions: one statement for all the subjects of a tick, and only when a hiding caller asks.
 */
export function restrictedCategoriesReader(ds: DataSource): RestrictedCategories | undefined {
  if (!ds.hasMetadata(ProcessingRestrictionEntity)) return undefined;
  const loader = manyLoader(
    (keys) =>
      ds.getRepository(ProcessingRestrictionEntity).find({
        select: { subjectId: true, categories: true },
        where: { subjectId: In([...keys]), liftedAt: IsNull(), categories: Not(IsNull()) },
      }),
    (row) => row.subjectId,
  );
  return async (subjectId) =>
    new Set((await loader.load(subjectId)).flatMap((r) => (r.categories ? r.categories.split(',') : [])));
}
