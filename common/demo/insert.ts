import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Inserts rows in chunks: one statement per chunk rather than per row, and small enough for
 * SQLite's bound-parameter limit and MySQL's packet size.
 */
export async function insertRows<T extends ObjectLiteral>(
  db: EntityManager,
  entity: EntityTarget<T>,
  rows: T[],
  chunk = 200,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await db
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + chunk))
      .execute();
  }
}

/** Empties the given tables (children first), for a reseed. */
export async function clearTables(db: EntityManager, entities: Array<EntityTarget<ObjectLiteral>>): Promise<void> {
  for (const entity of [...entities].reverse()) {
    await db.createQueryBuilder().delete().from(entity).execute();
  }
}
