import { In, LessThan, MoreThan, type DataSource } from 'typeorm';
import { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { SUBJECT_REQUEST_TYPES, type RequestStatus, type RequestType } from '../ledger/request.enums';

/** The ledger's SQL the account's life reads: one statement each, whatever the number. */
export class LifecycleStore {
  constructor(private readonly ds: DataSource) {}

  /**
   * Completed closures received before `before` whose subject has no erasure that counts yet:
   * the erasures a closure schedules that are due, oldest first; the subject's only, and the
   * first `limit`, when given (the desk's look ahead, decision 330).
   */
  closuresAwaitingErasure(
    before: Date,
    only: { subjectId?: string; limit?: number } = {},
  ): Promise<RightsRequestEntity[]> {
    const q = this.ds
      .getRepository(RightsRequestEntity)
      .createQueryBuilder('c')
      .where('c.type = :closure AND c.status = :completed AND c.received_at < :before', {
        closure: 'CLOSURE' satisfies RequestType,
        completed: 'COMPLETED' satisfies RequestStatus,
        before,
      })
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM rights_request e WHERE e.subject_id = c.subject_id AND e.live_kind = :erasure)',
        { erasure: 'ERASURE' satisfies RequestType },
      )
      .orderBy('c.received_at', 'ASC')
      .addOrderBy('c.id', 'ASC');
    if (only.subjectId) q.andWhere('c.subject_id = :subjectId', { subjectId: only.subjectId });
    if (only.limit !== undefined) q.take(only.limit);
    return q.getMany();
  }

  /**
   * The running (RECEIVED) requests of a kind the account's life carries (warnings, contacts),
   * oldest first (soonest due first with `soonestDue`), the first `limit` when given (decision
   * 330); only those due before `dueBefore`, only the subject's, when given (the desk's
   * look ahead and a guardian's contact ask the database, not a filter over every running
   * request; a subject has at most one of a kind, by the unique (subject, live kind) key).
   */
  openOfKind(
    kind: 'INACTIVITY' | 'MINOR',
    only: { dueBefore?: Date; subjectId?: string; limit?: number; soonestDue?: boolean } = {},
  ): Promise<RightsRequestEntity[]> {
    return this.ds.getRepository(RightsRequestEntity).find({
      where: {
        type: kind,
        status: 'RECEIVED',
        liveKind: kind,
        ...(only.dueBefore ? { dueAt: LessThan(only.dueBefore) } : {}),
        ...(only.subjectId ? { subjectId: only.subjectId } : {}),
      },
      order: only.soonestDue ? { dueAt: 'ASC', id: 'ASC' } : { receivedAt: 'ASC', id: 'ASC' },
      ...(only.limit === undefined ? {} : { take: only.limit }),
    });
  }

  /** Running inactivity warnings in id order, `limit` after the id `after` (null: from the first). */
  openWarningsPage(after: string | null, limit: number): Promise<RightsRequestEntity[]> {
    return this.ds.getRepository(RightsRequestEntity).find({
      where: {
        type: 'INACTIVITY' satisfies RequestType,
        status: 'RECEIVED',
        liveKind: 'INACTIVITY',
        ...(after === null ? {} : { id: MoreThan(after) }),
      },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  /** The parental consents recorded for these subjects. */
  parentalConsents(subjectIds: readonly string[]): Promise<RightsRequestEntity[]> {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(RightsRequestEntity).find({
      where: { type: 'PARENTAL_CONSENT' satisfies RequestType, status: 'COMPLETED', subjectId: In([...subjectIds]) },
    });
  }

  /** The guardian contacts recorded for these subjects, oldest first (the last of each is in force). */
  guardianContacts(subjectIds: readonly string[]): Promise<RightsRequestEntity[]> {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(RightsRequestEntity).find({
      where: { type: 'GUARDIAN_CONTACT' satisfies RequestType, status: 'COMPLETED', subjectId: In([...subjectIds]) },
      order: { receivedAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Each subject's latest request of their own (not one the account's life or a dpo's hold
   * made): asking something of the organisation is a connection too. One statement.
   */
  async lastOwnRequests(subjectIds: readonly string[]): Promise<Array<{ id: string; at: Date }>> {
    if (subjectIds.length === 0) return [];
    const rows = await this.ds
      .getRepository(RightsRequestEntity)
      .createQueryBuilder('r')
      .select('r.subject_id', 'id')
      .addSelect('MAX(r.received_at)', 'at')
      .where('r.subject_id IN (:...ids) AND r.type IN (:...types) AND r.submitted_by <> :lifecycle', {
        ids: [...subjectIds],
        types: SUBJECT_REQUEST_TYPES,
        lifecycle: 'lifecycle',
      })
      .groupBy('r.subject_id')
      .getRawMany<{ id: string; at: Date | string }>();
    return rows.map((r) => ({ id: r.id, at: asDate(r.at) }));
  }
}

/** A DATETIME as the driver gives it: a Date (mysql2) or UTC text (SQLite). */
const asDate = (value: Date | string): Date =>
  value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}${/Z|[+-]\d\d:?\d\d$/.test(value) ? '' : 'Z'}`);
