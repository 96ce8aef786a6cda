import { Like, type DataSource } from 'typeorm';
import { RightsRequestEntity } from '../ledger/entities/rights-request.entity';

/** The ledger's SQL for sweeps as requests: the latest scheduled one, the list. */
export class RetentionLedgerStore {
  constructor(private readonly ds: DataSource) {}

  /**
   * The day (YYYY-MM-DD) of the latest scheduled sweep, or null. Only the sweeps' keys: the column
   * holds other claims too (an unsubscribe link's `unsub:...`, which sorts after every sweep's and
   * read as a day would stop the schedule for good).
   */
  async lastScheduledDate(): Promise<string | null> {
    const row = await this.ds.getRepository(RightsRequestEntity).findOne({
      select: { runKey: true },
      where: { runKey: Like(`${RUN_KEY_PREFIX}%`) },
      order: { runKey: 'DESC' },
    });
    return row?.runKey ? row.runKey.slice(RUN_KEY_PREFIX.length) : null;
  }

  byRunKey(runKey: string): Promise<RightsRequestEntity | null> {
    return this.ds.getRepository(RightsRequestEntity).findOneBy({ runKey });
  }

  /** Newest first. */
  runs(limit: number): Promise<RightsRequestEntity[]> {
    return this.ds
      .getRepository(RightsRequestEntity)
      .find({ where: { type: 'RETENTION' }, order: { receivedAt: 'DESC', id: 'ASC' }, take: limit });
  }
}

export const RUN_KEY_PREFIX = 'RETENTION:';
