import { AsyncLocalStorage } from 'node:async_hooks';
import { sqlSpan } from './tracing';
import type { Logger, QueryRunner } from 'typeorm';

/** Set while background work (the ledger's retry worker) runs: its statements are nobody's request. */
const background = new AsyncLocalStorage<true>();

/** Runs `work` without its statements counted: a worker's polling must not blur what a request costs. */
export function uncounted<T>(work: () => Promise<T>): Promise<T> {
  return background.run(true, work);
}

/** A statement and how long it ran, in milliseconds. */
export interface SlowStatement {
  ms: number;
  statement: string;
}

/**
 * Counts the SQL statements a subgraph sends to its database.
 * Tests and the benchmark read it to prove that an export costs a fixed number of
 * statements whatever the number of records (no query per row).
 * Transaction control statements are not counted: they carry no data; nor are the named
 * locks that order one subject's contract operations on MySQL (run-kit.ts).
 */
export class SqlCounter implements Logger {
  private count = 0;
  constructor(private readonly system: 'sqlite' | 'mysql' = 'sqlite') {}
  private readonly recent: string[] = [];
  private slowest: SlowStatement | null = null;

  get total(): number {
    return this.count;
  }

  /** The statements since the last reset (kept short: for test failure messages only). */
  get statements(): readonly string[] {
    return this.recent;
  }

  /**
   * The longest statement since the last reset, of those that took over a millisecond (the
   * data source's maxQueryExecutionTime, datasource.ts: faster ones are not timed apart), or null.
   * What a benchmark reads to show that a sweep's longest statement does not grow with the data.
   */
  get longest(): SlowStatement | null {
    return this.slowest;
  }

  reset(): void {
    this.count = 0;
    this.recent.length = 0;
    this.slowest = null;
  }

  logQuery(query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    if (/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)/i.test(query)) return;
    // The locks that order one subject's (or one sweep's) operations carry no data (decisions 243, 360).
    if (/^\s*(SELECT (GET_LOCK|RELEASE_LOCK)\(|INSERT INTO contract_lock )/i.test(query)) return;
    sqlSpan(this.system, query);
    if (background.getStore()) return;
    this.count += 1;
    if (this.recent.length < 200) this.recent.push(query.slice(0, 300));
  }

  logQueryError(): void {}
  logQuerySlow(time: number, query: string): void {
    if (!this.slowest || time > this.slowest.ms) this.slowest = { ms: time, statement: query.slice(0, 300) };
  }
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
