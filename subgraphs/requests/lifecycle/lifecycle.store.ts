import { In, type DataSource } from 'typeorm';
import { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import type { RequestStatus, RequestType } from '../ledger/request.enums';

/** The ledger's SQL the account's life reads: one statement each, whatever the number. */
export class LifecycleStore {
  constructor(private readonly ds: DataSource) {}

  /**
   * Completed closures received before `before` whose subject has no erasure that counts yet:
   * the erasures a closure schedules that are due.
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
        'NOT EXISTS (SELECT 1 FROM rights_request e WHERE e.subject_id = c.subject_id AND e.live_kind = :erasure)',
        { erasure: 'ERASURE' satisfies RequestType },
      )
      .orderBy('c.received_at', 'ASC')
      .getMany();
  }

  /** The running (RECEIVED) requests of a kind the account's life carries (warnings, contacts), oldest first. */
  openOfKind(kind: 'INACTIVITY' | 'MINOR'): Promise<RightsRequestEntity[]> {
    return this.ds.getRepository(RightsRequestEntity).find({
      where: { type: kind, status: 'RECEIVED', liveKind: kind },
      order: { receivedAt: 'ASC', id: 'ASC' },
    });
  }

  /** The parental consents recorded for these subjects. */
  parentalConsents(subjectIds: readonly string[]): Promise<RightsRequestEntity[]> {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(RightsRequestEntity).find({
      where: { type: 'PARENTAL_CONSENT' satisfies RequestType, status: 'COMPLETED', subjectId: In([...subjectIds]) },
    });
  }
}
