import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { keysetPage, type Keyset, type Page, cursorDate } from '../../../common/connection';
import { insertMany } from '../../../common/batch-write';
import { mutexFor } from '../../../common/mutex';
import { AccessLogEntity } from './entities/access-log.entity';

/** What the gateway sends for one subject read in one request. */
export interface AccessRead {
  at: Date;
  principal: string;
  roles: string[];
  subjectId: string;
  fields: string[];
  requestId: string;
  operationName: string | null;
}

export interface AccessLogFilter {
  subjectId?: string;
  principal?: string;
  since?: Date;
  until?: Date;
}

/** Newest first, then id. */
const NEWEST: Keyset<AccessLogEntity> = {
  columns: ['a.at', 'a.id'],
  direction: 'DESC',
  key: (a) => [a.at.toISOString(), a.id],
  params: ([at, id]) => [cursorDate(at), String(id)],
};

/**
 * Rows per INSERT: one statement per POST up to this, whatever the number of subjects. The
 * gateway's grouped writes stop at this many entries too (gateway/access-log.ts, BATCH_ENTRIES).
 */
const INSERT_CHUNK = 500;

/** The SQL of the access log (the ledger's is in ledger.store.ts, its audit log's in audit.store.ts). */
export class AccessLogStore {
  constructor(private readonly ds: DataSource) {}

  /**
   * One POST's reads (one request's, or a group of requests', decision 300) are recorded
   * together or not at all: one INSERT is atomic by itself, so a transaction (two more round
   * trips) is opened only when the rows need several.
   */
  async recordReads(reads: readonly AccessRead[]): Promise<void> {
    const rows: AccessLogEntity[] = reads.map((r) => ({
      id: randomUUID(),
      ...r,
      roles: r.roles.join(','),
      fields: r.fields.join(','),
    }));
    // One multi-row INSERT without the query builder: it runs for every export (decision 325).
    const insert = (db: EntityManager, chunk: AccessLogEntity[]) => insertMany(db, AccessLogEntity, chunk);
    // In the database's queue: on SQLite's one connection, a statement issued while the ledger
    // holds a transaction open would become part of that transaction.
    await mutexFor(this.ds).run(async () => {
      if (rows.length <= INSERT_CHUNK) {
        await insert(this.ds.manager, rows);
        return;
      }
      await this.ds.transaction(async (tx) => {
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(tx, rows.slice(i, i + INSERT_CHUNK));
      });
    });
  }

  /** Newest first, a page at a time. */
  accessLog<T>(
    filter: AccessLogFilter,
    first: number,
    after: string | null | undefined,
    view: (a: AccessLogEntity) => T,
  ): Promise<Page<T>> {
    const q = this.ds.getRepository(AccessLogEntity).createQueryBuilder('a');
    if (filter.subjectId) q.andWhere('a.subjectId = :subjectId', { subjectId: filter.subjectId });
    if (filter.principal) q.andWhere('a.principal = :principal', { principal: filter.principal });
    if (filter.since) q.andWhere('a.at >= :since', { since: filter.since });
    if (filter.until) q.andWhere('a.at < :until', { until: filter.until });
    return keysetPage(q, NEWEST, first, after, view);
  }
}
