import type { EntityManager, ObjectLiteral } from 'typeorm';
import { changeRows } from '../batch-write';
import { heldDue, type HeldDue } from './holds.sql';
import { readProgress, saveProgress } from './retention.progress';
import { afterKey, escape, keyColumns, notAfterKey, within, type KeyBound } from './retention.keys';
import { changedRows, WindowRows, WINDOWS_PER_TRANSACTION, type WindowSizing } from './retention.window';

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

/** What a real sweep is told: a transaction committed (the test-only exit), a window, a statement's rows. */
export interface SweepHooks {
  committed?: () => void;
  /** A window (a chunk's worth of the table, `rows` rows) gone through: a metric. */
  window?: (rows: number) => void;
  wrote?: (rows: number) => void;
}

/**
 * What a retention handler works through (decision 260): steps, each resumable, each in bounded chunks.
 * A chunk is the next rows of its table in key order, due or not (a window, decision 268), so a
 * rule that selects few rows of a large table reads it a window at a time instead of scanning on
 * until it has found a chunk's worth; a window is at most `chunkRows` rows, sized to last about
 * `chunkMs` (decision 328).
 */
export class SweepSteps {
  constructor(
    private readonly runId: string,
    private readonly sizing: WindowSizing,
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
      const changed = await changeRows(tx, `${verb} WHERE ${where}`, parameters);
      this.hooks.wrote?.(changed);
      return changed;
    };
    const recheck = rows.recheck;
    if (recheck === undefined)
      return this.keyChunks(step, rows, 0, async (tx, range, parameters, sum) => {
        return sum + (await run(tx, `(${rows.where}) AND ${range}`, parameters));
      });
    const [key] = keyColumns(rows);
    return this.loop<number>(step, 0, async (tx, cursor, sum, size) => {
      const after = cursor === null ? null : afterKey([key], 'chunkAfter', cursor);
      const windowEnd = await this.windowEnd(tx, rows.table, [key], after, size);
      const bounds = within([after, windowEnd ? notAfterKey([key], 'windowUpto', windowEnd) : null]);
      const [sql, values] = escape(
        tx,
        `SELECT ${key} AS k FROM ${rows.table} WHERE (${rows.where})${bounds.sql}
         ORDER BY ${key} LIMIT ${size}`,
        { ...rows.parameters, ...bounds.parameters },
      );
      const keys = (await tx.query<Array<{ k: unknown }>>(sql, values)).map((r) => r.k);
      const changed =
        keys.length === 0
          ? 0
          : await run(tx, `${key} IN (:...chunkKeys) AND (${recheck})`, { ...rows.parameters, chunkKeys: keys });
      // A full chunk ends at its last key; a short one has read its whole window (or the table's end).
      if (keys.length === size) return { cursor: [keys[keys.length - 1]], result: sum + changed, done: false };
      return windowEnd
        ? { cursor: windowEnd, result: sum + changed, done: false }
        : { cursor, result: sum + changed, done: true };
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
   * Distinct subjects, in subject order: each chunk reads at most a window's rows from after the
   * last subject counted, within the subjects of the next window's rows (all rows
   * of its last subject included), and the next starts after the last subject of this one (its
   * other rows, if any, are of a subject counted already) or after the window. Exact however a
   * subject's rows fall.
   */
  subjects(step: string, rows: SubjectRows): Promise<number> {
    return this.loop<number>(step, 0, async (tx, cursor, sum, size) => {
      const after = cursor === null ? '' : ` AND ${rows.subject} > :chunkAfterSubject`;
      const parameters = { ...rows.parameters, chunkAfterSubject: cursor?.[0] };
      const [endSql, endValues] = escape(
        tx,
        `SELECT ${rows.subject} AS s FROM ${rows.from} WHERE ${rows.subject} IS NOT NULL${after}
         ORDER BY ${rows.subject} LIMIT 1 OFFSET ${size - 1}`,
        parameters,
      );
      const [end] = await tx.query<Array<{ s: unknown }>>(endSql, endValues);
      const upto = end ? ` AND ${rows.subject} <= :windowUptoSubject` : '';
      const [sql, values] = escape(
        tx,
        `SELECT COUNT(*) AS r, COUNT(DISTINCT x.s) AS n, MAX(x.s) AS m FROM (SELECT ${rows.subject} AS s FROM ${rows.from}
         WHERE (${rows.where}) AND ${rows.subject} IS NOT NULL${after}${upto} ORDER BY ${rows.subject} LIMIT ${size}) x`,
        { ...parameters, windowUptoSubject: end?.s },
      );
      const [row] = await tx.query<Array<{ r: number | string; n: number | string; m: unknown }>>(sql, values);
      const n = Number(row?.n ?? 0);
      if (Number(row?.r ?? 0) === size) return { cursor: [row.m], result: sum + n, done: false };
      return end ? { cursor: [end.s], result: sum + n, done: false } : { cursor, result: sum + n, done: true };
    });
  }

  /**
   * Rows in key order, a window at a time: a chunk is the next window's rows of the table,
   * due or not, and ends at the key of its last; the last chunk, at the table's end, has no end.
   */
  private keyChunks<A>(
    step: string,
    rows: ChunkedRows,
    zero: A,
    chunk: (tx: EntityManager, range: string, parameters: ObjectLiteral, sum: A) => Promise<A>,
  ): Promise<A> {
    const key = keyColumns(rows);
    return this.loop<A>(step, zero, async (tx, cursor, sum, size) => {
      const after = cursor === null ? null : afterKey(key, 'chunkAfter', cursor);
      const upto = await this.windowEnd(tx, rows.table, key, after, size);
      const until = upto ? notAfterKey(key, 'chunkUpto', upto) : null;
      const range = [after?.sql, until?.sql].filter(Boolean).join(' AND ') || '1 = 1';
      const result = await chunk(tx, range, { ...rows.parameters, ...after?.parameters, ...until?.parameters }, sum);
      return upto ? { cursor: upto, result, done: false } : { cursor, result, done: true };
    });
  }

  /** The key of the `size`-th row of the table after `after` (any row, the rule aside): null past the end. */
  private async windowEnd(
    tx: EntityManager,
    table: string,
    key: readonly string[],
    after: KeyBound | null,
    size: number,
  ): Promise<unknown[] | null> {
    const [sql, values] = escape(
      tx,
      `SELECT ${key.join(', ')} FROM ${table}${after ? ` WHERE ${after.sql}` : ''}
       ORDER BY ${key.join(', ')} LIMIT 1 OFFSET ${size - 1}`,
      after?.parameters ?? {},
    );
    const [row] = await tx.query<Array<Record<string, unknown>>>(sql, values);
    return row ? key.map((k) => row[k]) : null;
  }

  /** A step's chunks, each in its own transaction with its progress; on a run taken up again, from where it stood. */
  private async loop<A>(
    step: string,
    zero: A,
    next: (
      tx: EntityManager,
      cursor: unknown[] | null,
      sum: A,
      /** The window's rows (decision 328). */
      size: number,
    ) => Promise<{ cursor: unknown[] | null; result: A; done: boolean }>,
  ): Promise<A> {
    const windows = new WindowRows(this.sizing);
    for (;;) {
      const { result, done } = await this.transaction(async (tx) => {
        const stored = await readProgress(tx, this.runId, step);
        if (stored?.done) return { result: stored.result as A, done: true };
        let state = { cursor: stored?.cursor ?? null, result: stored ? (stored.result as A) : zero, done: false };
        // Windows that change nothing share a transaction (decision 268): a commit per empty
        // window made a sparse rule's walk of a large table a commit per chunkRows rows read.
        // A window that changed rows ends its transaction, so one never changes more than a chunk.
        for (let gone = 0; gone < WINDOWS_PER_TRANSACTION; gone += 1) {
          const before = state.result;
          const { cursor, result } = state;
          state = await windows.timed(async (size) => {
            const window = await next(tx, cursor, result, size);
            this.hooks.window?.(size);
            return window;
          });
          if (state.done || changedRows(before, state.result)) break;
        }
        await saveProgress(tx, this.runId, step, state, stored !== null);
        return state;
      });
      this.hooks.committed?.();
      if (done) return result;
    }
  }
}
