/**
 * One at a time, in arrival order. better-sqlite3 has a single connection: two TypeORM
 * transactions interleaving on it would nest ("cannot start a transaction within a transaction").
 * The privacy contract and the ledger therefore queue their transactions per process; on MySQL
 * this costs little (these are short) and keeps the hash chain of the audit log linear.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    // The queue goes on whether this one succeeded or not.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

const byDatabase = new WeakMap<object, Mutex>();

/** The one queue of a database (a TypeORM DataSource): every writer of that database shares it. */
export function mutexFor(database: object): Mutex {
  let mutex = byDatabase.get(database);
  if (!mutex) byDatabase.set(database, (mutex = new Mutex()));
  return mutex;
}
