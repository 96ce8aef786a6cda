/**
 * `npm run audit:verify`: checks the hash chain of the rights-request audit log on the
 * configured database (DB, DATA_DIR / MYSQL_*, DB_PREFIX). Exit 0 and the number of rows when
 * intact; exit 1 naming the first row that breaks it.
 */
import 'reflect-metadata';
import { dbConfigFromEnv } from '../common/config';
import { openSubgraphDatabase } from '../common/datasource';
import { verifyAuditLog } from '../subgraphs/requests/ledger/audit.verify';
import { requestsSubgraph } from '../subgraphs/requests/requests.subgraph';
import { defineCli, runCli } from './args';

async function main(): Promise<number> {
  defineCli({
    command: 'npm run audit:verify',
    summary: `Checks the hash chain of the rights-request audit log on the configured database (DB, DATA_DIR or
MYSQL_*, DB_PREFIX): every row's hash must follow from the row before it.`,
    options: {},
    examples: ['npm run audit:verify', 'DB=mysql npm run audit:verify'],
    notes:
      'Exit 0 and the number of rows when intact; 1 naming the first row that breaks it, or when the database cannot be read; 2 for bad usage.',
  });
  const db = await openSubgraphDatabase(
    'requests',
    dbConfigFromEnv(),
    requestsSubgraph.entities,
    requestsSubgraph.migrations,
  );
  try {
    const { rows, broken, anchor } = await verifyAuditLog(db.dataSource);
    if (broken) {
      process.stdout.write(`audit log BROKEN at row ${broken.seq}: ${broken.reason} (${db.location})\n`);
      return 1;
    }
    const from = anchor ? `, from the anchor at row ${anchor.seq} (older rows pruned by retention)` : '';
    process.stdout.write(`audit log intact: ${rows} rows, every hash checks${from} (${db.location})\n`);
    return 0;
  } finally {
    await db.dataSource.destroy();
  }
}

runCli('audit:verify', main);
