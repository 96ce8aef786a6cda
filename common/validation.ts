/**
 * Input checks shared by every subgraph. A rejected input raises BAD_USER_INPUT with a message
 * that never repeats the input: what the client sent may be someone's personal data.
 */
import { badUserInput } from './errors';

/** Subject and record ids are UUIDs (any version), lower-case hex. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Deliberately plain: one @, no spaces, a dot in the domain; RFC 5321 length limit. */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/u;

export const MAX_IDS = 500;

/**
 * The most subject ids one privacy-contract lookup takes (profile's and sessions' activity
 * queries, which `requests` calls from the sweep): the caller pages by it, so a sweep with more
 * subjects to look at than this asks again instead of being refused.
 */
export const CONTRACT_MAX_IDS = 1000;

export function isUuid(value: string): boolean {
  return UUID.test(value.trim().toLowerCase());
}
export const MAX_SEARCH_LIMIT = 100;
export const MAX_SEARCH_TEXT = 100;

/**
 * One check per kind of id, so that the message names what the argument should have held: a
 * client that sends a request id where a subject id belongs, or the reverse, is told which.
 */
function uuidOf(value: string, argumentName: string, what: string): string {
  const id = value.trim().toLowerCase();
  if (!UUID.test(id)) throw badUserInput(`"${argumentName}" is not ${what}`, argumentName);
  return id;
}

export function subjectId(value: string, argumentName = 'id'): string {
  return uuidOf(value, argumentName, 'a subject id (a UUID is expected)');
}

/** The id of a rights request in the ledger. */
export function requestId(value: string, argumentName = 'id'): string {
  return uuidOf(value, argumentName, 'a request id (a UUID is expected)');
}

/** The id of a legal hold. */
export function holdId(value: string, argumentName = 'id'): string {
  return uuidOf(value, argumentName, 'a hold id (a UUID is expected)');
}

/** The id of one of a subject's records (a ticket, an invoice, a session...). */
export function recordId(value: string, argumentName = 'recordIds'): string {
  return uuidOf(value, argumentName, 'a record id (a UUID is expected)');
}

/** A page cursor: the last id of the previous page. */
export function cursor(value: string, argumentName = 'after'): string {
  return uuidOf(value, argumentName, 'a cursor (the last id of the previous page is expected)');
}

/** A date-time argument (see date-time.scalar.ts: one that did not parse arrives as an invalid Date). */
export function dateTime(value: Date, argumentName: string): Date {
  if (Number.isNaN(value.getTime())) {
    throw badUserInput(
      `"${argumentName}" is not a date-time (ISO 8601 with a time zone is expected, e.g. 2026-11-01T00:00:00Z)`,
      argumentName,
    );
  }
  return value;
}

export function subjectIds(values: readonly string[], argumentName = 'ids'): string[] {
  if (values.length > MAX_IDS) {
    throw badUserInput(
      `"${argumentName}" holds ${values.length} ids; at most ${MAX_IDS} are allowed per call`,
      argumentName,
    );
  }
  return values.map((v, i) => subjectId(v, `${argumentName}[${i}]`));
}

export function email(value: string, argumentName = 'email'): string {
  const trimmed = value.trim();
  if (trimmed.length > 254 || !EMAIL.test(trimmed)) {
    throw badUserInput(`"${argumentName}" is not a valid email address`, argumentName);
  }
  return trimmed.toLowerCase();
}

export function searchText(value: string, argumentName = 'text'): string {
  const folded = foldForSearch(value);
  if (folded.length < 2) throw badUserInput(`"${argumentName}" needs at least 2 letters or digits`, argumentName);
  if (value.length > MAX_SEARCH_TEXT) {
    throw badUserInput(`"${argumentName}" is longer than ${MAX_SEARCH_TEXT} characters`, argumentName);
  }
  return folded;
}

export function searchLimit(value: number, argumentName = 'limit'): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_SEARCH_LIMIT) {
    throw badUserInput(`"${argumentName}" must be between 1 and ${MAX_SEARCH_LIMIT}`, argumentName);
  }
  return value;
}

/**
 * The form names and emails are matched in: lower case, accents removed (NFD then drop the
 * combining marks), runs of spaces folded. Stored beside the subject so that search is the
 * same plain LIKE on SQLite and MySQL, which do not fold accents the same way.
 */
export function foldForSearch(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The LIKE escape character: `!`, not a backslash, whose meaning in literals differs between SQLite and MySQL. */
export const LIKE_ESCAPE = '!';

/** Escapes LIKE wildcards so that a search for "50%" or "a_b" means what it says. */
export function likeContains(folded: string): string {
  return `%${folded.replace(/[!%_]/g, (c) => `${LIKE_ESCAPE}${c}`)}%`;
}
