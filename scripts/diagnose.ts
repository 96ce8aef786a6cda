/**
 * `npm run diagnose [-- --subgraph <name> ...]`: what a support ticket needs, and nothing
 * personal. Versions (Node, this package, key dependencies), the settings (secrets masked), each
 * subgraph's database (where, which engine, migrations run and pending), and from the `requests`
 * database the ledger in numbers and the last retention sweep. Every database is opened read-only.
 * In a container: `docker compose exec <service> node dist/scripts/diagnose.js --subgraph <service>`
 * (each service's database user reaches its own database only).
 * Options: `npm run diagnose -- --help`.
 * Exit 0 once printed (what is wrong is in the report), 2 for a bad option.
 */
import 'reflect-metadata';
import path from 'node:path';
import { SUBGRAPH_NAMES, dbConfigFromEnv, type SubgraphName } from '../common/config';
import { reasonOf } from '../common/readiness';
import { resolveSecretFiles } from '../common/secrets';
import { CliError } from './cli';
import { defineCli, runCli } from './args';
import { databaseReports, type DatabaseReport } from './diagnose/databases';
import { ledgerReport, type LedgerReport, type Sweep } from './diagnose/ledger';
import { settings } from './diagnose/settings';
import { versions } from './diagnose/versions';

function options(argv: string[]): { subgraphs: SubgraphName[] } {
  const values = defineCli(
    {
      command: 'npm run diagnose',
      summary: `Prints, for a support ticket, what runs and how it is set up; nothing personal:
  versions      Node, this package, key dependencies
  settings      this project's environment variables, secrets masked
  databases     each subgraph's database: location (no password), engine, migrations run and pending
  ledger        from the requests database: requests by type and status, overdue, legs pending or
                failed, mail, audit events, the last retention sweep
Every database is opened read-only. Settings come from the environment (DB, MYSQL_*, DATA_DIR...),
as for the services; a secret may be given as <NAME>_FILE.`,
      options: {
        subgraph: {
          type: 'string',
          multiple: true,
          value: '<name>',
          help: `only this subgraph's database: ${SUBGRAPH_NAMES.join(', ')} (default all)`,
        },
      },
      examples: ['npm run diagnose', 'npm run diagnose -- --subgraph requests --subgraph profile'],
      notes: 'Exit code 0 once printed (what is wrong is in the report), 2 for a bad option.',
    },
    argv,
  );
  const asked = values.subgraph ?? [...SUBGRAPH_NAMES];
  for (const name of asked)
    if (!(SUBGRAPH_NAMES as readonly string[]).includes(name))
      throw new CliError(`--subgraph must be one of ${SUBGRAPH_NAMES.join(', ')}, not "${name}"`, 2);
  return { subgraphs: SUBGRAPH_NAMES.filter((n) => asked.includes(n)) };
}

function table(rows: Array<[string, string]>, indent = '  '): string {
  const width = Math.max(0, ...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}`).join('\n');
}

function databaseLines(reports: DatabaseReport[]): string {
  return table(
    reports.map((r): [string, string] => {
      const m = r.migrations;
      const migrations = m
        ? `; migrations ${m.applied} run, ${m.pending.length} pending${m.pending.length ? ` (${m.pending.join(', ')})` : ''}${m.unknown.length ? `, ${m.unknown.length} unknown to this version (${m.unknown.join(', ')})` : ''}`
        : '';
      return [r.subgraph, `${r.location}  ${r.state}${migrations}`];
    }),
  );
}

function sweepLine(s: Sweep | null): string {
  return s
    ? `${s.id} ${s.runKey ?? '(on demand)'} ${s.status}, received ${s.receivedAt}${s.completedAt ? `, completed ${s.completedAt}` : ''}`
    : 'none';
}

function ledgerLines(l: LedgerReport): string {
  const byType = new Map<string, string[]>();
  for (const r of l.requests) byType.set(r.type, [...(byType.get(r.type) ?? []), `${r.status} ${r.count}`]);
  const legs = (status: string) => {
    const rows = l.legs.filter((g) => g.status === status);
    const total = rows.reduce((n, g) => n + g.count, 0);
    return `${total}${rows.length ? ` (${rows.map((g) => `${g.subgraph} ${g.count}`).join(', ')})` : ''}`;
  };
  const rows: Array<[string, string]> = [
    ...[...byType.entries()].map(([type, statuses]): [string, string] => [`requests ${type}`, statuses.join(', ')]),
    ...(byType.size === 0 ? [['requests', 'none'] as [string, string]] : []),
    ['open and overdue', String(l.overdue)],
    ['legs pending', legs('PENDING')],
    ['legs failed', legs('FAILED')],
    ['mail', l.outbox.map((o) => `${o.status} ${o.count}`).join(', ') || 'none'],
    ['audit events', `${l.audit.events}${l.audit.last ? `, last ${l.audit.last}` : ''}`],
    ['last sweep completed', sweepLine(l.retention.lastCompleted)],
  ];
  if (l.retention.newest && l.retention.newest.id !== l.retention.lastCompleted?.id)
    rows.push(['newest sweep', sweepLine(l.retention.newest)]);
  return table(rows);
}

async function main(argv: string[]): Promise<number> {
  const { subgraphs } = options(argv);
  // Settings as given (a secret's _FILE shows as a path), before the files are read.
  const given = settings(process.env);
  resolveSecretFiles();
  const cfg = dbConfigFromEnv();
  const now = new Date();
  let ledger: LedgerReport | string = 'the requests database was not opened (--subgraph)';
  const databases = await databaseReports(cfg, subgraphs, async (db) => {
    ledger = await ledgerReport(db, now).catch((error: unknown) => `not readable (${reasonOf(error)})`);
  });
  if (
    subgraphs.includes('requests') &&
    databases.find((d) => d.subgraph === 'requests')?.state.startsWith('unreachable')
  )
    ledger = 'the requests database is unreachable';
  const root = path.resolve(__dirname, '..', '..');
  process.stdout.write(
    [
      `data-subject-gateway diagnose, ${now.toISOString()} (counts, versions and settings; nothing personal)`,
      '',
      'Versions',
      table(versions(root)),
      '',
      'Settings (secrets masked)',
      table(given),
      '',
      `Databases (${cfg.kind}, opened read-only)`,
      databaseLines(databases),
      '',
      'Ledger (requests database)',
      typeof ledger === 'string' ? `  ${ledger}` : ledgerLines(ledger),
      '',
    ].join('\n'),
  );
  return 0;
}

if (require.main === module) runCli('diagnose', () => main(process.argv.slice(2)));
