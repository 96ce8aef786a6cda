import type { EntityManager, ObjectLiteral } from 'typeorm';

/** SQL bounding a walk's key, with its named parameters. */
export interface KeyBound {
  sql: string;
  parameters: ObjectLiteral;
}

/** `bounds` as conditions to append to a WHERE (` AND ...` each), and all their parameters. */
export function within(bounds: ReadonlyArray<KeyBound | null>): KeyBound {
  const present = bounds.filter((b): b is KeyBound => b !== null);
  return {
    sql: present.map((b) => ` AND ${b.sql}`).join(''),
    parameters: present.reduce<ObjectLiteral>((all, b) => ({ ...all, ...b.parameters }), {}),
  };
}

/** A table's key columns (`id` unless said). */
export function keyColumns(rows: { key?: string | readonly string[] }): readonly string[] {
  const key = rows.key ?? 'id';
  return typeof key === 'string' ? [key] : key;
}

/** SQL: the key is after `values` (column by column for a composite key), with its parameters. */
export function afterKey(key: readonly string[], name: string, values: unknown[]) {
  return compareKey(key, name, values, '>');
}

export function notAfterKey(key: readonly string[], name: string, values: unknown[]) {
  return compareKey(key, name, values, '<');
}

function compareKey(key: readonly string[], name: string, values: unknown[], op: '>' | '<'): KeyBound {
  const parameters: ObjectLiteral = {};
  key.forEach((_, i) => (parameters[`${name}${i}`] = values[i]));
  // (a > x) OR (a = x AND b > y)...; the last column includes equality for the upper bound.
  const last = key.length - 1;
  const term = (i: number): string => {
    const strict = `${key[i]} ${op}${op === '<' && i === last ? '=' : ''} :${name}${i}`;
    return i === last ? strict : `(${key[i]} ${op} :${name}${i} OR (${key[i]} = :${name}${i} AND ${term(i + 1)}))`;
  };
  return { sql: `(${term(0)})`, parameters };
}

export function escape(tx: EntityManager, sql: string, parameters: ObjectLiteral): [string, unknown[]] {
  return tx.connection.driver.escapeQueryWithParameters(sql, parameters);
}
