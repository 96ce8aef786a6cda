import { Directive, Field, ObjectType } from 'type-graphql';
import { badUserInput } from '../errors';
import { PERSONAL_CATEGORIES, Personal, RIGHTS_RECORD, type PersonalCategory } from '../privacy';

/**
 * Categories no partial erasure can take away (decision 87): the identity and the account are
 * the account itself (erase the subject instead), and the record of rights requests is what
 * proves they were answered.
 */
export const WHOLE_ACCOUNT_CATEGORIES: readonly PersonalCategory[] = ['IDENTITY', 'ACCOUNT', 'RIGHTS_REQUEST'];

/** Why a category of an entity was not erased by a partial erasure. */
export const NotErasedReason = {
  /** The subject did not name this category. */
  NOT_ASKED: 'NOT_ASKED',
  /** The account cannot work without it while it exists (the sign-in address); erase the subject for it. */
  NEEDED_FOR_THE_ACCOUNT: 'NEEDED_FOR_THE_ACCOUNT',
  /** The proof of consent (Art. 7(1)) lasts as long as the account; consent is withdrawn with setConsent. */
  PROOF_OF_CONSENT: 'PROOF_OF_CONSENT',
} as const;
export type NotErasedReason = (typeof NotErasedReason)[keyof typeof NotErasedReason];

@ObjectType({ description: 'A category of an entity that a partial erasure did not erase, and why.' })
@Directive('@shareable')
export class NotErased {
  @Field({ description: 'A category of `@personal` (CONTACT, MENTORING...).' })
  @Personal(RIGHTS_RECORD)
  category!: string;

  @Field({ description: 'NOT_ASKED, NEEDED_FOR_THE_ACCOUNT or PROOF_OF_CONSENT.' })
  @Personal(RIGHTS_RECORD)
  reason!: string;
}

/**
 * Categories a caller names (an erasure, a restriction, a disclosure, a breach), checked: at least
 * one, each a category of the schema, none of `excluded` (`why` says why not); sorted, once each.
 */
export function namedCategories(
  values: readonly string[],
  argumentName: string,
  whenNone: string,
  excluded: readonly PersonalCategory[] = [],
  why = '',
): PersonalCategory[] {
  const known = new Set<string>(PERSONAL_CATEGORIES);
  if (values.length === 0) throw badUserInput(`"${argumentName}" names no category${whenNone}`, argumentName);
  const unknown = values.filter((v) => !known.has(v)).length;
  if (unknown > 0)
    throw badUserInput(
      `"${argumentName}": ${unknown === 1 ? 'one value is not a category' : `${unknown} values are not categories`}; the categories are ${PERSONAL_CATEGORIES.join(', ')}`,
      argumentName,
    );
  const refused = values.filter((v) => (excluded as readonly string[]).includes(v));
  if (refused.length > 0)
    throw badUserInput(`"${argumentName}": ${[...new Set(refused)].sort().join(', ')} ${why}`, argumentName);
  return [...new Set(values as PersonalCategory[])].sort();
}

/** The categories a partial erasure names: none that only a whole erasure can take. */
export function erasableCategories(values: readonly string[], argumentName: string): PersonalCategory[] {
  return namedCategories(
    values,
    argumentName,
    ' (leave it out to erase everything)',
    WHOLE_ACCOUNT_CATEGORIES,
    'cannot be erased on their own: erase the subject (leave "categories" out)',
  );
}

/** A partial erasure's answer for one entity: the categories of it that were not asked. */
export function notAsked(
  categories: readonly PersonalCategory[],
  asked: ReadonlySet<string>,
  why: Partial<Record<PersonalCategory, NotErasedReason>> = {},
): NotErased[] {
  return categories
    .filter((c) => !asked.has(c) || why[c] !== undefined)
    .map((c) => ({ category: c, reason: asked.has(c) ? (why[c] as NotErasedReason) : NotErasedReason.NOT_ASKED }));
}

/**
 * Categories a restriction cannot hide (decision 211): the account's state, the record of consents
 * and restrictions (which tells staff what is restricted) and the record of rights requests (which
 * proves they were answered).
 */
export const UNRESTRICTABLE_CATEGORIES: readonly PersonalCategory[] = ['ACCOUNT', 'CONSENT', 'RIGHTS_REQUEST'];

/** The contested categories a restriction names (V13, V43): none that a restriction cannot hide. */
export function restrictableCategories(values: readonly string[], argumentName: string): PersonalCategory[] {
  return namedCategories(
    values,
    argumentName,
    ' (leave it out to restrict processing only)',
    UNRESTRICTABLE_CATEGORIES,
    'cannot be restricted: they record the account, its consents and restrictions, and its requests',
  );
}
