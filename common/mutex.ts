/** Runs a database's write transactions: queued on SQLite, side by side on MySQL. */
export interface WriteQueue {
  run<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * One at a time, in arrival order. better-sqlite3 has a single connection: two TypeORM
 * transactions interleaving on it would nest ("cannot start a transaction within a transaction").
 * SQLite's writers therefore queue per process.
 */
export class Mutex implements WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    // The queue goes on whether this one succeeded or not.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * No queue: MySQL runs transactions side by side on its pool, across processes as within one,
 * and its row locks order what must be ordered (the audit chain's head, audit.store.ts; a leg's
 * lease, ledger.store.ts). A process lock there would only serialise one replica of many.
 */
const NO_QUEUE: WriteQueue = { run: (work) => work() };

/** What `mutexFor` needs to know of a database (a TypeORM DataSource). */
export interface Database {
  readonly options: { readonly type: string };
}

const byDatabase = new WeakMap<Database, Mutex>();

/** The write queue of a database: on SQLite, one per database that every writer shares; on MySQL, none. */
export function mutexFor(database: Database): WriteQueue {
  if (database.options.type !== 'better-sqlite3' && database.options.type !== 'sqlite') return NO_QUEUE;
  let mutex = byDatabase.get(database);
  if (!mutex) byDatabase.set(database, (mutex = new Mutex()));
  return mutex;
}

/** MySQL's "deadlock found": InnoDB rolled the whole transaction back, so it can be run again as it was. */
function isDeadlock(error: unknown): boolean {
  const e = error as { errno?: number; driverError?: { errno?: number } } | null;
  return e?.errno === 1213 || e?.driverError?.errno === 1213;
}

/** How many times a transaction that lost a deadlock runs again before its error is answered. */
const DEADLOCK_RETRIES = 6;

/**
 * The pause before a deadlock victim runs again (decision 331): random, up to 10 ms the first
 * time and twice as long each next (10, 20, 40, 80, 160, 320 ms at most). Run again at once, two
 * victims that met on the same rows met again: under 80 erasures and 4 sweeps at once in one
 * subgraph a sweep's chunk lost four times in a row.
 */
function deadlockPause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
}

/** What `writeTransaction` needs of a database: its queue's key and its transactions. */
export interface TransactionalDatabase<M> extends Database {
  transaction<T>(work: (tx: M) => Promise<T>): Promise<T>;
}

/**
 * One write transaction, in the database's queue (SQLite) or side by side (MySQL). On MySQL two
 * writers may deadlock on rows they both lock: InnoDB then rolls one back whole, and it runs
 * again (the work must keep its state inside the transaction, as every store's work does).
 */
export async function writeTransaction<M, T>(
  database: TransactionalDatabase<M>,
  work: (tx: M) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await mutexFor(database).run(() => database.transaction(work));
    } catch (error) {
      if (!isDeadlock(error) || attempt >= DEADLOCK_RETRIES) throw error;
      await deadlockPause(attempt);
    }
  }
}
