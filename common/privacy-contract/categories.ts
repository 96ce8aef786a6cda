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
 * The categories a partial erasure names, checked: each a category of the schema, none that only
 * a whole erasure can take, at least one; sorted, without repeats.
 */
export function erasableCategories(values: readonly string[], argumentName: string): PersonalCategory[] {
  const known = new Set<string>(PERSONAL_CATEGORIES);
  if (values.length === 0)
    throw badUserInput(`"${argumentName}" names no category (leave it out to erase everything)`, argumentName);
  const unknown = values.filter((v) => !known.has(v)).length;
  if (unknown > 0)
    throw badUserInput(
      `"${argumentName}": ${unknown === 1 ? 'one value is not a category' : `${unknown} values are not categories`}; the categories are ${PERSONAL_CATEGORIES.join(', ')}`,
      argumentName,
    );
  const whole = values.filter((v) => (WHOLE_ACCOUNT_CATEGORIES as readonly string[]).includes(v));
  if (whole.length > 0)
    throw badUserInput(
      `"${argumentName}": ${[...new Set(whole)].sort().join(', ')} cannot be erased on their own: erase the subject (leave "categories" out)`,
      argumentName,
    );
  return [...new Set(values as PersonalCategory[])].sort();
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

/**
 * The contested categories a restriction names (V13, V43), checked: each a category of the schema
 * that a restriction can hide, at least one; sorted, without repeats.
 */
export function restrictableCategories(values: readonly string[], argumentName: string): PersonalCategory[] {
  const known = new Set<string>(PERSONAL_CATEGORIES);
  if (values.length === 0)
    throw badUserInput(`"${argumentName}" names no category (leave it out to restrict processing only)`, argumentName);
  const unknown = values.filter((v) => !known.has(v)).length;
  if (unknown > 0)
    throw badUserInput(
      `"${argumentName}": ${unknown === 1 ? 'one value is not a category' : `${unknown} values are not categories`}; the categories are ${PERSONAL_CATEGORIES.join(', ')}`,
      argumentName,
    );
  const kept = values.filter((v) => (UNRESTRICTABLE_CATEGORIES as readonly string[]).includes(v));
  if (kept.length > 0)
    throw badUserInput(
      `"${argumentName}": ${[...new Set(kept)].sort().join(', ')} cannot be restricted: they record the account, its consents and restrictions, and its requests`,
      argumentName,
    );
  return [...new Set(values as PersonalCategory[])].sort();
}
