import type { AccessContext } from '../subgraph-guard';
import type { DataSource } from 'typeorm';
import type { SubgraphDefinition } from '../subgraph-server';
import { dayStart, midnightUtc } from '../calendar-date';
import { clearTables } from './insert';
import { demoPlan } from './plan';

export interface SeedOptions {
  subjects: number;
  /** The reference date the demo data is laid out from (default: today, 00:00 UTC). */
  now: Date;
  /** The request desk's demo cases (open, overdue, failed, held...): on for npm start and npm run seed. */
  deskCases?: boolean;
}

/** SEED_SUBJECTS (unset or empty: no demo data) and SEED_NOW (YYYY-MM-DD, default today). */
export function seedOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SeedOptions | null {
  if (!env.SEED_SUBJECTS) return null;
  const subjects = Number(env.SEED_SUBJECTS);
  if (!Number.isInteger(subjects) || subjects < 1)
    throw new Error('SEED_SUBJECTS must be a whole number of at least 1');
  const now = env.SEED_NOW ? dayStart(env.SEED_NOW) : midnightUtc(new Date());
  if (Number.isNaN(now.getTime())) throw new Error('SEED_NOW must be a date like 2026-11-01');
  return { subjects, now, deskCases: env.SEED_DESK_CASES !== 'off' };
}

async function isEmpty<Ctx extends AccessContext>(def: SubgraphDefinition<Ctx>, ds: DataSource): Promise<boolean> {
  for (const entity of def.entities as Array<new () => object>) {
    if ((await ds.getRepository(entity).count()) > 0) return false;
  }
  return true;
}

/** First start: fill an empty database with the demo population; a database with data is left alone. */
export async function seedIfEmpty<Ctx extends AccessContext>(
  def: SubgraphDefinition<Ctx>,
  ds: DataSource,
  options: SeedOptions,
): Promise<boolean> {
  if (!(await isEmpty(def, ds))) return false;
  await reseed(def, ds, options);
  return true;
}

/** Replaces every row of the subgraph with the demo population, in one transaction. */
export async function reseed<Ctx extends AccessContext>(
  def: SubgraphDefinition<Ctx>,
  ds: DataSource,
  options: SeedOptions,
): Promise<void> {
  const plan = demoPlan(options.subjects, options.now);
  await ds.transaction(async (tx) => {
    await clearTables(tx, def.entities as Array<new () => object>);
    await def.seed(tx, plan, options.now, { deskCases: options.deskCases ?? false });
  });
}
