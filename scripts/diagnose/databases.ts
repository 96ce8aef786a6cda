/** Each subgraph's database: where it is, what answers there, and which migrations it has run. */
import type { DbConfig, SubgraphName } from '../../common/config';
import { migrationNames, migrationStatus } from '../../common/migration-status';
import { reasonOf } from '../../common/readiness';
import { SUBGRAPHS } from '../../subgraphs';
import { locationOf, openReadOnly, type ReadOnlyDb } from './read-only-db';

export interface DatabaseReport {
  subgraph: SubgraphName;
  location: string;
  /** The engine and its version, or why it could not be opened (an error code: never a message). */
  state: string;
  migrations?: { applied: number; pending: string[]; unknown: string[] };
}

/** Opens each database read-only, reports it, and hands the open `requests` one to `withRequests`. */
export async function databaseReports(
  cfg: DbConfig,
  subgraphs: readonly SubgraphName[],
  withRequests: (db: ReadOnlyDb) => Promise<void>,
): Promise<DatabaseReport[]> {
  const reports: DatabaseReport[] = [];
  for (const subgraph of subgraphs) {
    const location = locationOf(cfg, subgraph);
    let db: ReadOnlyDb | undefined;
    try {
      db = await openReadOnly(cfg, subgraph);
      const status = await migrationStatus(
        (sql) => (db as ReadOnlyDb).query(sql),
        cfg.kind,
        migrationNames(SUBGRAPHS[subgraph].migrations),
      );
      reports.push({
        subgraph,
        location,
        state: await db.version(),
        migrations: { applied: status.applied.length, pending: status.pending, unknown: status.unknown },
      });
      if (subgraph === 'requests') await withRequests(db);
    } catch (error) {
      reports.push({ subgraph, location, state: `unreachable (${reasonOf(error)})` });
    } finally {
      await db?.close().catch(() => undefined);
    }
  }
  return reports;
}
