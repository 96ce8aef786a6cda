import DataLoader from 'dataloader';

/**
 * The two DataLoader shapes every subgraph needs. Each batch function runs ONE statement for
 * all the keys of a tick, so an export or a `subjects(ids:)` call costs a fixed number of
 * statements whatever the number of subjects or records.
 */
const MAX_BATCH = 1000;

/** One row (or none) per key: a subject, a billing account. */
export function oneLoader<V>(
  fetch: (keys: readonly string[]) => Promise<V[]>,
  keyOf: (row: V) => string,
): DataLoader<string, V | null> {
  return new DataLoader<string, V | null>(
    async (keys) => {
      const byKey = new Map<string, V>();
      for (const row of await fetch(keys)) byKey.set(keyOf(row), row);
      return keys.map((k) => byKey.get(k) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/** Many rows per key, in the order the store returned them: sessions of a subject. */
export function manyLoader<V>(
  fetch: (keys: readonly string[]) => Promise<V[]>,
  keyOf: (row: V) => string,
): DataLoader<string, V[]> {
  return new DataLoader<string, V[]>(
    async (keys) => {
      const groups = new Map<string, V[]>(keys.map((k) => [k, []]));
      for (const row of await fetch(keys)) groups.get(keyOf(row))?.push(row);
      return keys.map((k) => groups.get(k) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}
