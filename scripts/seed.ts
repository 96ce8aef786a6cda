/**
 * `npm run seed -- --subjects N [--now 2026-11-01]`: replaces the data of every subgraph with
 * the deterministic demo population, on the configured database (DB=sqlite|mysql). It refuses
 * while a stack answers on the local ports (its services would keep serving the old data) unless
 * --force; either way, the access packages and mail files of the replaced ledger are removed, as
 * nothing would refer to them any more.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import net from 'node:net';
import { DEFAULT_PORTS, SUBGRAPH_NAMES, dbConfigFromEnv, isProduction } from '../common/config';
import { openSubgraphDatabase } from '../common/datasource';
import { dayStart, midnightUtc } from '../common/calendar-date';
import { reseed } from '../common/demo/seeding';
import { SUBGRAPHS } from '../subgraphs';
import { mailSettingsFromEnv } from '../subgraphs/requests/mail/mail.settings';
import { packageSettingsFromEnv } from '../subgraphs/requests/access-package/package.settings';
import { defineCli, runCli, usageError } from './args';

/** Whether something accepts connections on 127.0.0.1:port (a running stack). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function main(): Promise<void> {
  const values = defineCli({
    command: 'npm run seed',
    summary: `Replaces the data of every subgraph with the deterministic demo population, on the configured
database (DB=sqlite in DATA_DIR, default ./data; DB=mysql with MYSQL_*). The access packages and mail
files of the replaced ledger are removed with it.`,
    options: {
      subjects: { type: 'string', value: '<n>', default: '60', help: 'how many demo subjects, 1 to 1000000' },
      now: { type: 'string', value: '<date>', help: 'the day the demo data is dated from (default today)' },
      force: {
        type: 'boolean',
        default: false,
        help: 'seed even while a stack runs on ports 4000-4005, or with NODE_ENV=production',
      },
    },
    examples: ['npm run seed -- --subjects 30', 'DATA_DIR=/tmp/demo npm run seed -- --now 2026-11-01'],
    notes: 'Exit 0 once seeded; 2 for bad usage or a running stack (nothing changed); 1 if seeding failed.',
  });
  const subjects = Number(values.subjects);
  if (!Number.isInteger(subjects) || subjects < 1 || subjects > 1_000_000)
    throw usageError('--subjects must be a whole number from 1 to 1000000');
  const now = values.now ? dayStart(values.now) : midnightUtc(new Date());
  if (Number.isNaN(now.getTime())) throw usageError('--now must be a date like 2026-11-01');
  if (isProduction() && !values.force)
    throw usageError('refusing to replace data with NODE_ENV=production (add --force if you mean it)');
  const ports = [...new Set([Number(process.env.PORT ?? DEFAULT_PORTS.gateway), ...Object.values(DEFAULT_PORTS)])];
  const busy = (await Promise.all(ports.map(async (p) => ((await listening(p)) ? p : null)))).filter((p) => p);
  if (busy.length > 0 && !values.force)
    throw usageError(
      `a stack is running (port ${busy.join(', ')} answers): stop it first (Ctrl-C in npm start), or add --force`,
    );
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
  for (const dir of [packageSettingsFromEnv(cfg.sqliteDir).dir, mailSettingsFromEnv(cfg.sqliteDir).dir]) {
    if (!fs.existsSync(dir)) continue;
    fs.rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`removed ${dir} (it belonged to the replaced data)\n`);
  }
}

runCli('seed', main);
