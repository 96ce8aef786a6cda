import type { BaseContext } from '@apollo/server';
import type { DataSource } from 'typeorm';
import type { SubgraphDefinition } from '../subgraph-server';
import { clearTables } from './insert';
import { demoPlan } from './plan';

export interface SeedOptions {
  subjects: number;
  /** The reference date the demo data is laid out from (default: today, 00:00 UTC). */
  now: Date;
}

export function startOfTodayUtc(): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function seedOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SeedOptions | null {
  if (!env.SEED_SUBJECTS) return null;
  return { subjects: Number(env.SEED_SUBJECTS), now: env.SEED_NOW ? new Date(env.SEED_NOW) : startOfTodayUtc() };
}

async function isEmpty<Ctx extends BaseContext>(def: SubgraphDefinition<Ctx>, ds: DataSource): Promise<boolean> {
  for (const entity of def.entities as Array<new () => object>) {
    if ((await ds.getRepository(entity).count()) > 0) return false;
  }
  return true;
}

/** First start: fill an empty database with the demo population; a database with data is left alone. */
export async function seedIfEmpty<Ctx extends BaseContext>(def: SubgraphDefinition<Ctx>, ds: DataSource, options: SeedOptions): Promise<boolean> {
  if (!(await isEmpty(def, ds))) return false;
  await reseed(def, ds, options);
  return true;
}

/** Replaces every row of the subgraph with the demo population, in one transaction. */
export async function reseed<Ctx extends BaseContext>(def: SubgraphDefinition<Ctx>, ds: DataSource, options: SeedOptions): Promise<void> {
  const plan = demoPlan(options.subjects, options.now);
  await ds.transaction(async (tx) => {
    await clearTables(tx, def.entities as Array<new () => object>);
    await def.seed(tx, plan, options.now);
  });
}
