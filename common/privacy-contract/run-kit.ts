import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { fail } from '../errors';
import { writeTransaction } from '../mutex';
import { lockSubject } from './contract-lock';
import { ContractStore, type Before, type DoneOperation } from './contract.store';

/** An operation's key in `privacy_operation`: what, under which request (or run) id, for whom. */
export interface OperationKey {
  operation: string;
  requestId: string;
  /** The subject; a sweep, which concerns no one subject, names its own run id. */
  subjectId: string;
  /**
   * A sweep's run (its dry run): no subject to lock or holds to look up (the ledger's own sweep
   * runs here too, in a database without `contract_lock` or `legal_hold`).
   */
  run?: boolean;
}

/** What an operation's work gives back: its receipt, and the instant it is recorded as done. */
export interface Done<R> {
  receipt: R;
  at: Date;
}

/** Thrown inside a dry run's transaction so that the database rolls everything back. */
class DryRunRollback extends Error {
  constructor() {
    super('dry run');
  }
}

/**
 * How every operation of the privacy contract runs, the sweep included (decisions 32-34): one
 * transaction, queued behind the others of this database on SQLite, side by side on MySQL (one
 * subject's operations one after the other, by the lock that is the transaction's first
 * statement, contract-lock.ts), where one InnoDB picks as a deadlock victim (an erasure and a
 * sweep locking the same rows in another order) runs again whole (mutex.ts writeTransaction);
 * idempotent on the request or run id (asked again: the stored receipt, `replay`ed, and nothing
 * runs twice; the same id for another subject is refused); a dry run is the very same work in a
 * transaction rolled back, so its receipt is the one the real run would give. The work is told
 * whether the subject's erasure ran here and whether a hold covers anything of theirs, read with
 * the operation's own record in one statement (ContractStore.before).
 */
export async function runOnce<R>(
  ds: DataSource,
  key: OperationKey,
  dryRun: boolean,
  replay: (stored: string) => R,
  work: (tx: EntityManager, before: Omit<Before, 'done'>) => Promise<Done<R>>,
): Promise<R> {
  // Set just before the rollback: the receipt outlives its transaction.
  const rolledBack: { receipt?: R } = {};
  const stored = (done: DoneOperation): R => {
    if (done.subjectId !== key.subjectId) throw fail('BAD_USER_INPUT', 'This request id was used for another subject.');
    return replay(done.receipt);
  };
  try {
    return await writeTransaction(ds, async (tx: EntityManager) => {
      if (!key.run) await lockSubject(tx, key.subjectId);
      const store = new ContractStore(tx);
      const before = await store.before(key);
      const done = dryRun ? null : before.done;
      if (done) return stored(done);
      const { receipt, at } = await work(tx, before);
      if (dryRun) {
        rolledBack.receipt = receipt;
        throw new DryRunRollback();
      }
      const { operation, requestId, subjectId } = key;
      await store.recordDone({ operation, requestId, subjectId, receipt: JSON.stringify(receipt), doneAt: at });
      return receipt;
    });
  } catch (error) {
    if (error instanceof DryRunRollback && rolledBack.receipt !== undefined) return rolledBack.receipt;
    // The same id asked twice at once (on MySQL: a retry sent while the first call still ran, or
    // two replicas whose lease crossed): the first to commit holds the key, and the other, rolled
    // back on it, answers its receipt as a later call would.
    const first = dryRun ? null : await new ContractStore(ds.manager).done(key.requestId, key.operation);
    if (first) return stored(first);
    throw error;
  }
}

/**
 * The named lock of one sweep run in one database. MySQL's named locks are the server's, not the
 * database's: named after the run alone, the four subgraphs' sweeps of one day (four databases,
 * one server) would wait for one another. A name is at most 64 characters, so database and run
 * are hashed (SHA-256, 48 hex digits: no two runs share a lock by chance).
 */
export function runLockName(database: string, runId: string): string {
  return `dsg-contract:${createHash('sha256').update(database).update('\0').update(runId).digest('hex').slice(0, 48)}`;
}

/** A database as writeTransaction takes it: its type (for the queue) and its transactions. */
export type WriteDatabase = Parameters<typeof writeTransaction<EntityManager, unknown>>[0];

/**
 * On MySQL, one sweep run at a time per run id in this database, across replicas: a run commits
 * in many transactions (retention.runner.ts), so what orders two calls of one run is a named lock
 * (GET_LOCK), held by a connection from before the first transaction until after the last. A
 * contract operation, one transaction, takes a row lock inside it instead (contract-lock.ts).
 * SQLite's queue orders them already.
 */
export async function oneRunAtATime<T>(
  ds: DataSource,
  runId: string,
  work: (db: WriteDatabase) => Promise<T>,
): Promise<T> {
  if (ds.options.type !== 'mysql' && ds.options.type !== 'mariadb') return work(ds);
  const runner = ds.createQueryRunner();
  await runner.connect();
  const name = runLockName(String(ds.options.database ?? ''), runId);
  try {
    const [got] = (await runner.query('SELECT GET_LOCK(?, 30) AS got', [name])) as Array<{ got: number | null }>;
    if (Number(got?.got) !== 1) throw new Error('this sweep is running in this service: try again');
    try {
      return await work({ options: ds.options, transaction: (w) => runner.manager.transaction(w) });
    } finally {
      // Named: a column named after the expression (the lock's name) would be a new row parser in mysql2 each time.
      await runner.query('SELECT RELEASE_LOCK(?) AS released', [name]);
    }
  } finally {
    await runner.release();
  }
}
