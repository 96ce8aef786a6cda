import { In, MoreThanOrEqual, type DataSource } from 'typeorm';
import { DATA_SUBGRAPH_NAMES } from '../../../common/config';
import { dayStart } from '../../../common/calendar-date';
import type { ContractClient } from '../ledger/contract.client';
import { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { parseDetails } from '../ledger/request-details';

export interface ReplayReport {
  erasures: number;
  sweeps: number;
  /** Records deleted or anonymised by this replay (0 when everything already held). */
  changed: number;
  lines: string[];
}

type Counts = { deleted: number; anonymised: number; updated?: number };
const changedBy = (entities: readonly Counts[]) =>
  entities.reduce((n, e) => n + e.deleted + e.anonymised + (e.updated ?? 0), 0);

/**
 * After a restore of the data subgraphs from a backup (operations.md, "Backups and restores"):
 * every erasure (whole or partial) and every retention sweep the ledger completed since the
 * backup, run again in order with its own request id. The privacy contract is idempotent on that
 * id: a subgraph restored from before it applies it again; one that holds it answers the stored
 * receipt, dated then, which counts as no change. So a second replay changes nothing.
 */
export class ErasureReplay {
  constructor(
    private readonly ds: DataSource,
    private readonly client: ContractClient,
  ) {}

  async replay(since: Date): Promise<ReplayReport> {
    const started = new Date();
    const done = await this.ds.getRepository(RightsRequestEntity).find({
      where: { type: In(['ERASURE', 'RETENTION']), status: 'COMPLETED', completedAt: MoreThanOrEqual(since) },
      order: { completedAt: 'ASC', id: 'ASC' },
    });
    const report: ReplayReport = { erasures: 0, sweeps: 0, changed: 0, lines: [] };
    for (const request of done) {
      const details = parseDetails(request.details);
      let changed = 0;
      for (const subgraph of DATA_SUBGRAPH_NAMES) {
        if (request.type === 'ERASURE') {
          const receipt = await this.client.call(subgraph, request.subjectId, request.id, {
            operation: 'erase',
            dryRun: false,
            categories: details.categories ?? null,
          });
          if (receipt.at >= started) changed += changedBy(receipt.entities);
        } else if (details.asOf) {
          const receipt = await this.client.retain(subgraph, request.id, dayStart(details.asOf), false);
          if (receipt.at >= started) changed += changedBy(receipt.rules);
        }
      }
      if (request.type === 'ERASURE') report.erasures += 1;
      else report.sweeps += 1;
      report.changed += changed;
      const what = request.type === 'ERASURE' ? `subject ${request.subjectId}` : `as of ${details.asOf ?? '?'}`;
      report.lines.push(`${request.type} ${request.id} ${what}: ${changed} records changed`);
    }
    report.lines.push(
      `replayed ${report.erasures} erasures, ${report.sweeps} sweeps; changed ${report.changed} records`,
    );
    return report;
  }
}
