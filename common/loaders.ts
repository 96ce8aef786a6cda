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

/**
 * The records under each key's records, by record: a subject's ticket messages, by ticket.
 * Keyed by what the parent's loader is keyed by (the subject), so that the children can be read
 * in the same moment as their parents instead of after them (decision 347); the child's resolver
 * takes its own group (`byRecord.get(ticket.id)`), in the order the store returned them.
 */
export function nestedLoader<V>(
  fetch: (keys: readonly string[]) => Promise<ReadonlyArray<{ key: string; row: V }>>,
  recordOf: (row: V) => string,
): DataLoader<string, ReadonlyMap<string, V[]>> {
  return new DataLoader<string, ReadonlyMap<string, V[]>>(
    async (keys) => {
      const groups = new Map<string, Map<string, V[]>>(keys.map((k) => [k, new Map<string, V[]>()]));
      for (const { key, row } of await fetch(keys)) {
        const byRecord = groups.get(key);
        if (!byRecord) continue;
        const record = recordOf(row);
        const rows = byRecord.get(record);
        if (rows) rows.push(row);
        else byRecord.set(record, [row]);
      }
      return keys.map((k) => groups.get(k) ?? new Map<string, V[]>());
    },
    { maxBatchSize: MAX_BATCH },
  );
}

/**
 * Starts a load now whose result a field further down will ask for (decision 347). A failure is
 * not reported here: DataLoader forgets a failed key, so the field's own load reads again and
 * fails (or not) where the error belongs.
 */
export function prefetch<K>(loader: Pick<DataLoader<K, unknown>, 'load'>, key: K): void {
  loader.load(key).catch(() => undefined);
}
