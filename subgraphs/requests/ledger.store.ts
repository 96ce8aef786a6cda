import { Brackets, In, IsNull, LessThan, LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { rowsByKeys } from '../../common/batch-read';
import { mutexFor } from '../../common/mutex';
import { RequestLegEntity } from './entities/request-leg.entity';
import {
  LIVE_CLOSURE,
  LIVE_ERASURE,
  LIVE_INACTIVITY,
  LIVE_MINOR,
  RightsRequestEntity,
} from './entities/rights-request.entity';
import { OPEN_STATUSES, type RequestStatus, type RequestType } from './request.enums';

export interface RequestFilter {
  status?: RequestStatus;
  /** Open requests due before this instant. */
  overdueAt?: Date;
  subjectId?: string;
  limit: number;
}

/** All the SQL of the rights-request ledger. Writes go through `write`: one at a time, in one transaction. */
export class LedgerStore {
  constructor(private readonly ds: DataSource) {}

  write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return mutexFor(this.ds).run(() => this.ds.transaction(work));
  }

  async insertRequest(tx: EntityManager, request: RightsRequestEntity, legs: RequestLegEntity[]): Promise<void> {
    await tx.getRepository(RightsRequestEntity).insert(request);
    await tx.getRepository(RequestLegEntity).insert(legs);
  }

  request(id: string, db: EntityManager = this.ds.manager): Promise<RightsRequestEntity | null> {
    return db.getRepository(RightsRequestEntity).findOneBy({ id });
  }

  requestsByIds(ids: readonly string[]): Promise<RightsRequestEntity[]> {
    return rowsByKeys(this.ds, RightsRequestEntity, 'id', ids);
  }

  /** Newest first per subject. */
  requestsBySubjects(subjectIds: readonly string[]): Promise<RightsRequestEntity[]> {
    return rowsByKeys(this.ds, RightsRequestEntity, 'subjectId', subjectIds, { receivedAt: 'DESC', id: 'ASC' });
  }

  legsByRequests(requestIds: readonly string[], db: EntityManager = this.ds.manager): Promise<RequestLegEntity[]> {
    if (requestIds.length === 0) return Promise.resolve([]);
    return db
      .getRepository(RequestLegEntity)
      .find({ where: { requestId: In([...requestIds]) }, order: { requestId: 'ASC', subgraph: 'ASC' } });
  }

  /** The subject's erasure that counts (received, running, failed or done), if any. */
  liveErasure(subjectId: string, db: EntityManager = this.ds.manager): Promise<RightsRequestEntity | null> {
    return db
      .getRepository(RightsRequestEntity)
      .findOneBy({ subjectId, type: 'ERASURE' satisfies RequestType, liveErasure: 'ERASURE' });
  }

  /** The subject's closure that counts (received, running, failed or done), if any. */
  liveClosure(subjectId: string, db: EntityManager = this.ds.manager): Promise<RightsRequestEntity | null> {
    return db
      .getRepository(RightsRequestEntity)
      .findOneBy({ subjectId, type: 'CLOSURE' satisfies RequestType, liveErasure: LIVE_CLOSURE });
  }

  /**
   * Completed closures received before `before` whose subject has no erasure that counts yet:
   * the erasures a closure schedules that are due (one statement, whatever their number).
   */
  closuresAwaitingErasure(before: Date): Promise<RightsRequestEntity[]> {
    return this.ds
      .getRepository(RightsRequestEntity)
      .createQueryBuilder('c')
      .where('c.type = :closure AND c.status = :completed AND c.received_at < :before', {
        closure: 'CLOSURE' satisfies RequestType,
        completed: 'COMPLETED' satisfies RequestStatus,
        before,
      })
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM rights_request e WHERE e.subject_id = c.subject_id AND e.live_erasure = :live)',
        { live: LIVE_ERASURE },
      )
      .orderBy('c.received_at', 'ASC')
      .getMany();
  }

  /** The inactivity warnings still running (RECEIVED), oldest first: one statement. */
  openInactivityWarnings(): Promise<RightsRequestEntity[]> {
    return this.openOfType('INACTIVITY', LIVE_INACTIVITY);
  }

  /** The contacts of minors' legal representatives still running, oldest first: one statement. */
  openMinorContacts(): Promise<RightsRequestEntity[]> {
    return this.openOfType('MINOR', LIVE_MINOR);
  }

  /** The parental consents recorded for these subjects: one statement. */
  parentalConsents(subjectIds: readonly string[]): Promise<RightsRequestEntity[]> {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(RightsRequestEntity).find({
      where: { type: 'PARENTAL_CONSENT' satisfies RequestType, status: 'COMPLETED', subjectId: In([...subjectIds]) },
    });
  }

  private openOfType(type: RequestType, marker: string): Promise<RightsRequestEntity[]> {
    return this.ds.getRepository(RightsRequestEntity).find({
      where: { type, status: 'RECEIVED', liveErasure: marker },
      order: { receivedAt: 'ASC', id: 'ASC' },
    });
  }

  /** The subject's open export of this kind (ACCESS or PORTABILITY), if any: one at a time. */
  liveExport(subjectId: string, type: RequestType, db: EntityManager = this.ds.manager) {
    return db.getRepository(RightsRequestEntity).findOneBy({ subjectId, liveExport: type });
  }

  requestByConfirmation(hash: string): Promise<RightsRequestEntity | null> {
    return this.ds.getRepository(RightsRequestEntity).findOneBy({ confirmationHash: hash });
  }

  /** Oldest due first, so that what is late comes first. */
  list(filter: RequestFilter): Promise<RightsRequestEntity[]> {
    const q = this.ds.getRepository(RightsRequestEntity).createQueryBuilder('r');
    if (filter.status) q.andWhere('r.status = :status', { status: filter.status });
    if (filter.subjectId) q.andWhere('r.subject_id = :subjectId', { subjectId: filter.subjectId });
    if (filter.overdueAt)
      q.andWhere('r.status IN (:...open)', { open: OPEN_STATUSES }).andWhere('r.due_at < :now', {
        now: filter.overdueAt,
      });
    return q.orderBy('r.due_at', 'ASC').addOrderBy('r.id', 'ASC').limit(filter.limit).getMany();
  }

  async saveRequest(tx: EntityManager, id: string, changes: Partial<RightsRequestEntity>): Promise<void> {
    await tx.getRepository(RightsRequestEntity).update({ id }, changes);
  }

  async saveLeg(
    tx: EntityManager,
    requestId: string,
    subgraph: string,
    changes: Partial<RequestLegEntity>,
  ): Promise<void> {
    await tx.getRepository(RequestLegEntity).update({ requestId, subgraph }, changes);
  }

  /**
   * Takes a leg for one attempt: only if it is pending, due, and nobody holds it (a lease that
   * ran out, from a worker that crashed, counts as nobody). The UPDATE is the lock.
   */
  async claimLeg(
    tx: EntityManager,
    requestId: string,
    subgraph: string,
    now: Date,
    leaseUntil: Date,
  ): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(RequestLegEntity)
      .set({ claimedUntil: leaseUntil, attempts: () => 'attempts + 1', updatedAt: now })
      .where('request_id = :requestId AND subgraph = :subgraph AND status = :pending', {
        requestId,
        subgraph,
        pending: 'PENDING',
      })
      .andWhere('next_attempt_at <= :now', { now })
      .andWhere(new Brackets((b) => b.where('claimed_until IS NULL').orWhere('claimed_until < :now', { now })))
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Legs the worker may try now, oldest due first. */
  dueLegs(now: Date, limit: number): Promise<RequestLegEntity[]> {
    return this.ds.getRepository(RequestLegEntity).find({
      where: [
        { status: 'PENDING', nextAttemptAt: LessThanOrEqual(now), claimedUntil: LessThan(now) },
        { status: 'PENDING', nextAttemptAt: LessThanOrEqual(now), claimedUntil: IsNull() },
      ],
      order: { nextAttemptAt: 'ASC' },
      take: limit,
    });
  }
}
