/**
 * `npm run seed -- --subjects N [--now 2026-11-01]`: replaces the data of every subgraph with
 * the deterministic demo population, on the configured database (DB=sqlite|mysql).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SUBGRAPH_NAMES, dbConfigFromEnv, isProduction } from '../common/config';
import { openSubgraphDatabase } from '../common/datasource';
import { dayStart, midnightUtc } from '../common/calendar-date';
import { reseed } from '../common/demo/seeding';
import { SUBGRAPHS } from '../subgraphs';
import { errorMessage } from '../common/errors';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subjects: { type: 'string', default: '60' },
      now: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  const subjects = Number(values.subjects);
  if (!Number.isInteger(subjects) || subjects < 1 || subjects > 1_000_000)
    throw new Error('--subjects must be a whole number from 1 to 1000000');
  const now = values.now ? dayStart(values.now) : midnightUtc(new Date());
  if (Number.isNaN(now.getTime())) throw new Error('--now must be a date like 2026-11-01');
  if (isProduction() && !values.force)
    throw new Error('refusing to replace data with NODE_ENV=production (add --force if you mean it)');
  const cfg = dbConfigFromEnv();
  for (const name of SUBGRAPH_NAMES) {
    const def = SUBGRAPHS[name];
    const started = Date.now();
    const db = await openSubgraphDatabase(name, cfg, def.entities, def.migrations);
    try {
      await reseed(def, db.dataSource, { subjects, now, deskCases: true });
    } finally {
      await db.dataSource.destroy();
    }
    process.stdout.write(`${name.padEnd(9)} ${subjects} subjects in ${Date.now() - started} ms  (${db.location})\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed failed: ${errorMessage(error)}\n`);
  process.exit(1);
});
