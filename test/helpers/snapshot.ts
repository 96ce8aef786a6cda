import type { DataSource } from 'typeorm';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/config';
import type { Stack } from './stack';

/** The database of one subgraph of the stack under test, to read or arrange rows directly. */
export function db(stack: Stack, name: SubgraphName): DataSource {
  return stack.subgraphs[name].server.db.dataSource;
}

function normal(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `bytes:${value.toString('base64')}`;
  return value;
}

/** Every row of every table of every database, in a stable order: what "nothing changed" is checked against. */
export async function snapshot(stack: Stack, skip: string[] = []): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of SUBGRAPH_NAMES) {
    const ds = db(stack, name);
    for (const meta of ds.entityMetadatas) {
      if (skip.includes(meta.tableName)) continue;
      const rows = await ds.query<Array<Record<string, unknown>>>(`SELECT * FROM ${meta.tableName}`);
      out[`${name}.${meta.tableName}`] = rows
        .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, normal(v)]))))
        .sort();
    }
  }
  return out;
}
