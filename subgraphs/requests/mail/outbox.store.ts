import { Brackets, type DataSource, type EntityManager } from 'typeorm';
import { insertMany } from '../../../common/batch-write';
import { cursorDate, keysetPage, type Keyset, type Page } from '../../../common/connection';
import { writeTransaction } from '../../../common/mutex';
import { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { OutboxMessageEntity, type OutboxStatus } from './entities/outbox-message.entity';

export interface OutboxFilter {
  statuses?: readonly OutboxStatus[];
  subjectId?: string;
}

/** Newest first, then id. */
const NEWEST: Keyset<OutboxMessageEntity> = {
  columns: ['m.created_at', 'm.id'],
  direction: 'DESC',
  key: (m) => [m.createdAt.toISOString(), m.id],
  params: ([at, id]) => [cursorDate(at), String(id)],
};

/** All the SQL of mail delivery. Writes share the ledger's queue (one SQLite connection). */
export class OutboxStore {
  constructor(private readonly ds: DataSource) {}

  write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return writeTransaction(this.ds, work);
  }

  /**
   * In the caller's transaction: the message exists if and only if what caused it does. Written
   * without the query builder (batch-write.ts): one per rights request that tells its subject.
   */
  async insert(tx: EntityManager, messages: OutboxMessageEntity[]): Promise<void> {
    await insertMany(tx, OutboxMessageEntity, messages);
  }

  message(id: string, db: EntityManager = this.ds.manager): Promise<OutboxMessageEntity | null> {
    return db.getRepository(OutboxMessageEntity).findOneBy({ id });
  }

  /** Whether a whole erasure of the subject completed: what is sent to them afterwards keeps no copy. */
  async subjectErased(subjectId: string): Promise<boolean> {
    const n = await this.ds
      .getRepository(RightsRequestEntity)
      .createQueryBuilder('r')
      .where("r.subject_id = :subjectId AND r.type = 'ERASURE' AND r.status = 'COMPLETED'", { subjectId })
      .andWhere('r.details NOT LIKE \'%"categories"%\'')
      .getCount();
    return n > 0;
  }

  /** Ids of the messages a worker may send now, oldest due first. */
  async dueIds(now: Date, limit: number): Promise<string[]> {
    const rows = await this.ds
      .getRepository(OutboxMessageEntity)
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .where('m.status = :pending', { pending: 'PENDING' satisfies OutboxStatus })
      .andWhere('m.next_attempt_at <= :now', { now })
      .andWhere(new Brackets((b) => b.where('m.claimed_until IS NULL').orWhere('m.claimed_until < :now', { now })))
      .orderBy('m.next_attempt_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /**
   * Takes a message for one attempt: only if it is pending, due, and nobody holds it. The
   * UPDATE is the lock: of two workers (two processes of the service), one wins.
   */
  async claim(id: string, now: Date, leaseUntil: Date): Promise<boolean> {
    const result = await this.write((tx) =>
      tx
        .createQueryBuilder()
        .update(OutboxMessageEntity)
        .set({ claimedUntil: leaseUntil, attempts: () => 'attempts + 1' })
        .where('id = :id AND status = :pending', { id, pending: 'PENDING' satisfies OutboxStatus })
        .andWhere('next_attempt_at <= :now', { now })
        .andWhere(new Brackets((b) => b.where('claimed_until IS NULL').orWhere('claimed_until < :now', { now })))
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }

  /** The outcome of an attempt, by the worker that holds the lease (a lease that ran out is not ours any more). */
  async record(id: string, changes: Partial<OutboxMessageEntity>): Promise<void> {
    await this.write((tx) =>
      tx.getRepository(OutboxMessageEntity).update({ id, status: 'PENDING' }, { ...changes, claimedUntil: null }),
    );
  }

  /** A FAILED message due again, from its first attempt; false when it is not FAILED. */
  async retry(id: string, now: Date, db: EntityManager): Promise<boolean> {
    const result = await db
      .getRepository(OutboxMessageEntity)
      .update(
        { id, status: 'FAILED' },
        { status: 'PENDING', attempts: 0, nextAttemptAt: now, claimedUntil: null, lastError: null },
      );
    return (result.affected ?? 0) > 0;
  }

  /** Newest first. */
  list<T>(
    filter: OutboxFilter,
    first: number,
    after: string | null | undefined,
    view: (m: OutboxMessageEntity) => T,
  ): Promise<Page<T>> {
    const q = this.ds.getRepository(OutboxMessageEntity).createQueryBuilder('m');
    if (filter.statuses) q.andWhere('m.status IN (:...statuses)', { statuses: [...filter.statuses, '-'] });
    if (filter.subjectId) q.andWhere('m.subject_id = :subjectId', { subjectId: filter.subjectId });
    return keysetPage(q, NEWEST, first, after, view);
  }
}
