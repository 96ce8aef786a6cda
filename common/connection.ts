import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Brackets } from 'typeorm';
import { badUserInput } from './errors';

/** The largest page a connection answers; above it the call is refused, not cut short. */
export const MAX_PAGE = 200;

/** `first` checked: 1 to MAX_PAGE. */
export function pageSize(first: number | null | undefined): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE)
    throw badUserInput(`"first" must be between 1 and ${MAX_PAGE} (page on with "after")`, 'first');
  return n;
}

/** The sort key of a row, as a cursor holds it: an ordered value (a date or a number) and a tie-breaker. */
export type CursorKey = [string | number, string | number];

/** An opaque cursor: base64url of the row's sort key. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key in `after`; anything else is BAD_USER_INPUT (the value is not repeated). */
export function decodeCursor(after: string): CursorKey {
  const bad = () => badUserInput('"after" is not a cursor of this list (give an endCursor it returned)', 'after');
  if (after.length > 200 || !/^[A-Za-z0-9_-]+$/.test(after)) throw bad();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const ok = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  if (!Array.isArray(key) || key.length !== 2 || !ok(key[0]) || !ok(key[1])) throw bad();
  return key as CursorKey;
}

/** A date cursor value back to a Date, refused if it is not one. */
export function cursorDate(value: string | number): Date {
  const d = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime()))
    throw badUserInput('"after" is not a cursor of this list (give an endCursor it returned)', 'after');
  return d;
}

export interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
}

export interface Keyset<R> {
  /** The ordering column and the tie-breaker column, as SQL (`r.due_at`, `r.id`). */
  columns: [string, string];
  /**
   * Both columns' direction: the tie-breaker follows the ordering column (newest first, then the
   * highest id), so one index on the two columns serves the ORDER BY and the cursor's condition.
   */
  direction: 'ASC' | 'DESC';
  /** The row's key, for its cursor. */
  key: (row: R) => CursorKey;
  /** The cursor's key back to parameters (a date string to a Date, say). */
  params: (key: CursorKey) => [unknown, unknown];
}

/**
 * Keeps the rows that come after (value, tie) in the order of `columns`: where a page, or the
 * next batch of a reader going through a table, starts.
 */
export function afterKeyset<R extends ObjectLiteral>(
  q: SelectQueryBuilder<R>,
  [col, tie]: [string, string],
  direction: 'ASC' | 'DESC',
  [value, tieValue]: [unknown, unknown],
): SelectQueryBuilder<R> {
  const op = direction === 'ASC' ? '>' : '<';
  return q.andWhere(
    new Brackets((b) =>
      b
        .where(`${col} ${op} :cursorValue`, { cursorValue: value })
        .orWhere(`(${col} = :cursorValue AND ${tie} ${op} :cursorTie)`, { cursorTie: tieValue }),
    ),
  );
}

/**
 * One page of a filtered query, by keyset: the filter is in `q` already, so `totalCount` and the
 * page both see it; the page reads `first + 1` rows to know whether another follows.
 */
export async function keysetPage<R extends ObjectLiteral, T>(
  q: SelectQueryBuilder<R>,
  keyset: Keyset<R>,
  first: number,
  after: string | null | undefined,
  view: (row: R) => T,
): Promise<Page<T>> {
  const totalCount = await q.clone().getCount();
  const [col, tie] = keyset.columns;
  const page = q.clone();
  if (after != null) afterKeyset(page, keyset.columns, keyset.direction, keyset.params(decodeCursor(after)));
  const rows = await page
    .orderBy(col, keyset.direction)
    .addOrderBy(tie, keyset.direction)
    .limit(first + 1)
    .getMany();
  const shown = rows.slice(0, first);
  const edges = shown.map((row) => ({ cursor: encodeCursor(keyset.key(row)), node: view(row) }));
  return {
    totalCount,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    edges,
    nodes: edges.map((e) => e.node),
  };
}
