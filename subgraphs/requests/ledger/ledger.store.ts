import { Brackets, In, type DataSource, type EntityManager } from 'typeorm';
import { rowsByKeys } from '../../../common/batch-read';
import { mutexFor } from '../../../common/mutex';
import { RequestLegEntity } from './entities/request-leg.entity';
import {
  LIVE_CLOSURE,
  LIVE_ERASURE,
  LIVE_INACTIVITY,
  LIVE_MINOR,
  RightsRequestEntity,
} from './entities/rights-request.entity';
import { HOLD_GATED, PROFILE_FIRST, PROFILE_LEG } from './legs';
import { OPEN_STATUSES, type RequestStatus, type RequestType } from './request.enums';
import type { PendingHold } from './waiting';

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

  /**
   * The legs the worker can run now, oldest due first, at most `limit`: pending, due, not claimed,
   * of an open request that waits for nothing (no email code outstanding, its profile leg done
   * where profile goes first, no legal hold still to be placed in its subgraph). A leg that must
   * wait is left out by this statement, so it never takes a place in the window: a thousand email
   * changes awaiting their code cost this one statement and delay nobody's retry (legs.ts says
   * which types wait for what; the same lists are bound here).
   */
  dueLegs(now: Date, limit: number): Promise<RequestLegEntity[]> {
    return this.ds
      .getRepository(RequestLegEntity)
      .createQueryBuilder('l')
      .innerJoin(RightsRequestEntity, 'r', 'r.id = l.request_id')
      .where('l.status = :pending AND l.next_attempt_at <= :now', { pending: 'PENDING', now })
      .andWhere('(l.claimed_until IS NULL OR l.claimed_until < :now)')
      .andWhere('r.status IN (:...open) AND r.awaiting_confirmation = :no', { open: OPEN_STATUSES, no: false })
      .andWhere(
        `NOT (r.type IN (:...profileFirst) AND l.subgraph <> :profile AND EXISTS (
           SELECT 1 FROM request_leg p
           WHERE p.request_id = l.request_id AND p.subgraph = :profile AND p.status <> :done))`,
        { profileFirst: PROFILE_FIRST, profile: PROFILE_LEG, done: 'DONE' },
      )
      .andWhere(
        `NOT (r.type IN (:...holdGated) AND EXISTS (
           SELECT 1 FROM request_leg h INNER JOIN rights_request hr ON hr.id = h.request_id
           WHERE h.subgraph = l.subgraph AND h.status = :pending AND hr.type = :legalHold
             AND (r.type = :sweep OR hr.subject_id = r.subject_id)))`,
        { holdGated: HOLD_GATED, legalHold: 'LEGAL_HOLD', sweep: 'RETENTION' },
      )
      .orderBy('l.next_attempt_at', 'ASC')
      .addOrderBy('l.request_id', 'ASC')
      .addOrderBy('l.subgraph', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** The LEGAL_HOLD legs still to run: who each holds and where (few, and short-lived). One statement. */
  async pendingHoldLegs(): Promise<PendingHold[]> {
    const rows = await this.ds
      .getRepository(RequestLegEntity)
      .createQueryBuilder('h')
      .innerJoin(RightsRequestEntity, 'hr', 'hr.id = h.request_id')
      .select(['hr.subject_id AS subjectId', 'h.subgraph AS subgraph'])
      .where('h.status = :pending AND hr.type = :legalHold', { pending: 'PENDING', legalHold: 'LEGAL_HOLD' })
      .getRawMany<PendingHold>();
    return rows.map((r) => ({ subjectId: r.subjectId, subgraph: r.subgraph }));
  }

  /**
   * Open requests received before `before` that may be stalled, oldest first: all but those whose
   * email code is still valid (the largest group that waits, and only for its subject). The
   * watchdog (watchdog.ts) decides from their legs. One statement.
   */
  openReceivedBefore(before: Date, now: Date): Promise<RightsRequestEntity[]> {
    return this.ds
      .getRepository(RightsRequestEntity)
      .createQueryBuilder('r')
      .where('r.status IN (:...open) AND r.received_at < :before', { open: OPEN_STATUSES, before })
      .andWhere('NOT (r.awaiting_confirmation = :yes AND r.confirmation_expires_at > :now)', { yes: true, now })
      .orderBy('r.received_at', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
  }
}
