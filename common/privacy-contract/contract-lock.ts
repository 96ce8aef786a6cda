import { createHash } from 'node:crypto';
import type { MigrationInterface, QueryRunner, EntityManager } from 'typeorm';
import { col, createTables, dropTables } from '../migration';

/**
 * How many rows `contract_lock` holds at most. A subject's operations lock the row of its bucket
 * (a hash of the subject), so the table never grows with the subjects and keeps nothing of them;
 * two subjects of one bucket, 1 in 65,536, only wait for each other's transaction.
 */
const CONTRACT_LOCK_BUCKETS = 65_536;

/** The subject's bucket: the first 16 bits of its SHA-256 (ids are lower-case UUIDs, compared without case). */
function contractLockBucket(subjectId: string): number {
  return createHash('sha256').update(subjectId.toLowerCase()).digest().readUInt16BE(0) % CONTRACT_LOCK_BUCKETS;
}

/**
 * On MySQL, one contract operation at a time per subject in this database, across replicas
 * (decision 360): an erasure and a rectification of one subject side by side could each read
 * "not erased", and the rectification then write the values back after the erasure committed.
 * This is the transaction's first statement: it takes the bucket's row lock (an upsert locks its
 * row whether it inserted or found it) and InnoDB holds it until the commit. It reads nothing, so
 * the transaction's snapshot is taken by its first read, after the lock is held: what the
 * operation before committed is seen. SQLite's write queue orders them already.
 */
export async function lockSubject(tx: EntityManager, subjectId: string): Promise<void> {
  if (tx.connection.options.type !== 'mysql' && tx.connection.options.type !== 'mariadb') return;
  await tx.query('INSERT INTO contract_lock (bucket) VALUES (?) ON DUPLICATE KEY UPDATE bucket = bucket', [
    contractLockBucket(subjectId),
  ]);
}

/** Each data subgraph's migration that adds `contract_lock` (decision 360). */
export function contractLockMigration(name: string): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(runner: QueryRunner): Promise<void> {
      await createTables(runner, [{ name: 'contract_lock', columns: [{ ...col.int('bucket'), isPrimary: true }] }]);
    }

    async down(runner: QueryRunner): Promise<void> {
      await dropTables(runner, ['contract_lock']);
    }
  };
}
