import type { EntityManager, ObjectLiteral } from 'typeorm';
import { heldDue, type HeldDue } from './holds.sql';
import { readProgress, saveProgress } from './retention.progress';

/**
 * Rows of one table that a step of a sweep goes through in key order: `where` on the table's
 * columns (bare, or named `table.column`), with named parameters. `key`: the primary key's
 * columns, in order (a composite key is compared column by column).
 */
export interface ChunkedRows {
  table: string;
  key?: string | readonly string[];
  where: string;
  parameters?: ObjectLiteral;
}

/**
 * A rule's UPDATE (`set`: its SET clause) or, without `set`, its DELETE. `recheck`: the write
 * goes by the keys `where` selected in the chunk (a single-column key), checking only this
 * again, for a `where` too costly to run in the UPDATE itself (one MySQL would have to
 * materialise, the table being updated read in a subquery).
 */
export interface ChunkedWrite extends ChunkedRows {
  set?: string;
  recheck?: string;
}

/** Distinct subjects (`subject`, a column expression) of the rows `FROM from WHERE where`. */
export interface SubjectRows {
  from: string;
  subject: string;
  where: string;
  parameters?: ObjectLiteral;
}

/** Runs one transaction: each its own on a real sweep, the dry run's one on a dry run. */
export type ChunkTransaction = <T>(work: (tx: EntityManager) => Promise<T>) => Promise<T>;

/** What a real sweep is told as it goes: a chunk committed (the test-only exit), a statement's rows (a metric). */
export interface SweepHooks {
  committed?: () => void;
  wrote?: (rows: number) => void;
}

/** What a retention handler works through (decision 260): steps, each resumable, each in bounded chunks. */
export class SweepSteps {
  constructor(
    private readonly runId: string,
    readonly chunkRows: number,
    private readonly transaction: ChunkTransaction,
    private readonly hooks: SweepHooks = {},
  ) {}

  /** Work done once per run, in one transaction (a few rows): on a run taken up again, its stored result. */
  once<T>(step: string, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.loop<{ value: T | null }>(step, { value: null }, async (tx) => ({
      cursor: null,
      result: { value: await work(tx) },
      done: true,
    })).then((r) => r.value as T);
  }

  /** A rule's UPDATE or DELETE, `chunkRows` rows at most per statement and transaction: the rows it changed. */
  async write(step: string, rows: ChunkedWrite): Promise<number> {
    const verb = rows.set ? `UPDATE ${rows.table} SET ${rows.set}` : `DELETE FROM ${rows.table}`;
    const run = async (tx: EntityManager, where: string, parameters: ObjectLiteral): Promise<number> => {
      const [sql, values] = escape(tx, `${verb} WHERE ${where}`, parameters);
      const result = (await tx.queryRunner!.query(sql, values, true)) as { affected?: number };
      this.hooks.wrote?.(result.affected ?? 0);
      return result.affected ?? 0;
    };
    const recheck = rows.recheck;
    if (recheck === undefined)
      return this.keyChunks(step, rows, 0, async (tx, range, parameters, sum) => {
        return sum + (await run(tx, `(${rows.where}) AND ${range}`, parameters));
      });
    const [key] = keyColumns(rows);
    return this.loop<number>(step, 0, async (tx, cursor, sum) => {
      const after = cursor === null ? null : afterKey([key], 'chunkAfter', cursor);
      const [sql, values] = escape(
        tx,
        `SELECT ${key} AS k FROM ${rows.table} WHERE (${rows.where})${after ? ` AND ${after.sql}` : ''}
         ORDER BY ${key} LIMIT ${this.chunkRows}`,
        { ...rows.parameters, ...(after?.parameters ?? {}) },
      );
      const keys = (await tx.query<Array<{ k: unknown }>>(sql, values)).map((r) => r.k);
      if (keys.length === 0) return { cursor, result: sum, done: true };
      const changed = await run(tx, `${key} IN (:...chunkKeys) AND (${recheck})`, {
        ...rows.parameters,
        chunkKeys: keys,
      });
      return { cursor: [keys[keys.length - 1]], result: sum + changed, done: keys.length < this.chunkRows };
    });
  }

  /** How many rows match, counted chunk by chunk. */
  count(step: string, rows: ChunkedRows): Promise<number> {
    return this.keyChunks(step, rows, 0, async (tx, range, parameters, sum) => {
      const [sql, values] = escape(
        tx,
        `SELECT COUNT(*) AS n FROM ${rows.table} WHERE (${rows.where}) AND ${range}`,
        parameters,
      );
      const [row] = await tx.query<Array<{ n: number | string }>>(sql, values);
      return sum + Number(row?.n ?? 0);
    });
  }

  /** The matching rows that active legal holds keep, per hold (holds.sql.ts heldDue), chunk by chunk. */
  held(step: string, rows: ChunkedRows & { subject?: string }): Promise<HeldDue> {
    const key = keyColumns(rows)[0];
    return this.keyChunks(step, rows, { kept: 0, holds: [] as string[] }, async (tx, range, parameters, sum) => {
      const chunk = await heldDue(
        tx,
        `SELECT ${key} AS k, ${rows.subject ?? 'subject_id'} AS s FROM ${rows.table} WHERE (${rows.where}) AND ${range}`,
        parameters,
      );
      return { kept: sum.kept + chunk.kept, holds: [...new Set([...sum.holds, ...chunk.holds])].sort() };
    });
  }

  /**
   * Distinct subjects, in subject order: each chunk reads `chunkRows` rows from after the last
   * subject counted, and the next starts after the last subject of this one (its other rows,
   * if any, are of a subject counted already). Exact however a subject's rows fall.
   */
  subjects(step: string, rows: SubjectRows): Promise<number> {
    return this.loop<number>(step, 0, async (tx, cursor, sum) => {
      const after = cursor === null ? '' : ` AND ${rows.subject} > :chunkAfterSubject`;
      const [sql, values] = escape(
        tx,
        `SELECT COUNT(DISTINCT x.s) AS n, MAX(x.s) AS m FROM (SELECT ${rows.subject} AS s FROM ${rows.from}
         WHERE (${rows.where}) AND ${rows.subject} IS NOT NULL${after} ORDER BY ${rows.subject} LIMIT ${this.chunkRows}) x`,
        { ...rows.parameters, chunkAfterSubject: cursor?.[0] },
      );
      const [row] = await tx.query<Array<{ n: number | string; m: string | null }>>(sql, values);
      const n = Number(row?.n ?? 0);
      if (n === 0 || row?.m === null || row?.m === undefined) return { cursor, result: sum, done: true };
      return { cursor: [row.m], result: sum + n, done: false };
    });
  }

  /**
   * Rows in key order, `chunkRows` at a time: a chunk ends at the key of its last row (the one
   * `chunkRows - 1` rows after the cursor); the last chunk, shorter, has no end.
   */
  private keyChunks<A>(
    step: string,
    rows: ChunkedRows,
    zero: A,
    chunk: (tx: EntityManager, range: string, parameters: ObjectLiteral, sum: A) => Promise<A>,
  ): Promise<A> {
    const key = keyColumns(rows);
    return this.loop<A>(step, zero, async (tx, cursor, sum) => {
      const after = cursor === null ? null : afterKey(key, 'chunkAfter', cursor);
      const base = { ...rows.parameters, ...(after?.parameters ?? {}) };
      const [sql, values] = escape(
        tx,
        `SELECT ${key.join(', ')} FROM ${rows.table} WHERE (${rows.where})${after ? ` AND ${after.sql}` : ''}
         ORDER BY ${key.join(', ')} LIMIT 1 OFFSET ${this.chunkRows - 1}`,
        base,
      );
      const [end] = await tx.query<Array<Record<string, unknown>>>(sql, values);
      const upto = end ? key.map((k) => end[k]) : null;
      const until = upto ? notAfterKey(key, 'chunkUpto', upto) : null;
      const range = [after?.sql, until?.sql].filter(Boolean).join(' AND ') || '1 = 1';
      const result = await chunk(tx, range, { ...base, ...(until?.parameters ?? {}) }, sum);
      return upto ? { cursor: upto, result, done: false } : { cursor, result, done: true };
    });
  }

  /** A step's chunks, each in its own transaction with its progress; on a run taken up again, from where it stood. */
  private async loop<A>(
    step: string,
    zero: A,
    next: (
      tx: EntityManager,
      cursor: unknown[] | null,
      sum: A,
    ) => Promise<{ cursor: unknown[] | null; result: A; done: boolean }>,
  ): Promise<A> {
    for (;;) {
      const { result, done } = await this.transaction(async (tx) => {
        const stored = await readProgress(tx, this.runId, step);
        if (stored?.done) return { result: stored.result as A, done: true };
        const out = await next(tx, stored?.cursor ?? null, stored ? (stored.result as A) : zero);
        await saveProgress(tx, this.runId, step, out, stored !== null);
        return out;
      });
      this.hooks.committed?.();
      if (done) return result;
    }
  }
}

function keyColumns(rows: ChunkedRows): readonly string[] {
  const key = rows.key ?? 'id';
  return typeof key === 'string' ? [key] : key;
}

/** SQL: the key is after `values` (column by column for a composite key), with its parameters. */
function afterKey(key: readonly string[], name: string, values: unknown[]) {
  return compareKey(key, name, values, '>');
}

function notAfterKey(key: readonly string[], name: string, values: unknown[]) {
  return compareKey(key, name, values, '<');
}

function compareKey(key: readonly string[], name: string, values: unknown[], op: '>' | '<') {
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

function escape(tx: EntityManager, sql: string, parameters: ObjectLiteral): [string, unknown[]] {
  return tx.connection.driver.escapeQueryWithParameters(sql, parameters);
}
