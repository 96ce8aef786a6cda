import type { DataSource } from 'typeorm';
import { AuditEventEntity } from '../ledger/entities/audit-event.entity';
import { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { OPEN_STATUSES, type RequestStatus, type RequestType } from '../ledger/request.enums';
import { cursorDate, keysetPage, type Keyset, type Page } from '../../../common/connection';

/** The filter of `dataSubjectRequests`, checked: every part applied in SQL, before paging. */
export interface RequestsWhere {
  statuses?: readonly RequestStatus[];
  types?: readonly RequestType[];
  subjectId?: string;
  dueBefore?: Date;
  /** true: open and past due at `asOf`; false: the others. */
  overdue?: boolean;
  /** true: RECEIVED, IN_PROGRESS, FAILED, AWAITING_REVIEW or UNDER_EXAMINATION; false: closed. */
  open?: boolean;
  asOf: Date;
}

export interface AuditWhere {
  requestId?: string;
  since?: Date;
  until?: Date;
}

/** Requests by due date (what is late first), then id. */
const BY_DUE: Keyset<RightsRequestEntity> = {
  columns: ['r.due_at', 'r.id'],
  direction: 'ASC',
  key: (r) => [r.dueAt.toISOString(), r.id],
  params: ([due, id]) => [cursorDate(due), String(id)],
};

/** Sweeps, newest first. */
const NEWEST_RECEIVED: Keyset<RightsRequestEntity> = {
  columns: ['r.received_at', 'r.id'],
  direction: 'DESC',
  key: (r) => [r.receivedAt.toISOString(), r.id],
  params: ([at, id]) => [cursorDate(at), String(id)],
};

/** The audit log in its order. */
const BY_SEQ: Keyset<AuditEventEntity> = {
  columns: ['a.seq', 'a.seq'],
  direction: 'ASC',
  key: (a) => [a.seq, a.seq],
  params: ([seq]) => [Number(seq), Number(seq)],
};

/** The desk's reads of the ledger: pages of requests, of sweeps and of the audit log. */
export class DeskStore {
  constructor(private readonly ds: DataSource) {}

  requests<T>(
    where: RequestsWhere,
    first: number,
    after: string | null | undefined,
    view: (r: RightsRequestEntity) => T,
  ): Promise<Page<T>> {
    const q = this.ds.getRepository(RightsRequestEntity).createQueryBuilder('r');
    if (where.statuses) q.andWhere('r.status IN (:...statuses)', { statuses: [...where.statuses, '-'] });
    if (where.types) q.andWhere('r.type IN (:...types)', { types: [...where.types, '-'] });
    if (where.subjectId) q.andWhere('r.subject_id = :subjectId', { subjectId: where.subjectId });
    if (where.dueBefore) q.andWhere('r.due_at < :dueBefore', { dueBefore: where.dueBefore });
    if (where.open !== undefined)
      q.andWhere(`r.status ${where.open ? 'IN' : 'NOT IN'} (:...openStatuses)`, { openStatuses: OPEN_STATUSES });
    if (where.overdue === true)
      q.andWhere('r.status IN (:...lateStatuses) AND r.due_at < :asOf', {
        lateStatuses: OPEN_STATUSES,
        asOf: where.asOf,
      });
    if (where.overdue === false)
      q.andWhere('(r.status NOT IN (:...lateStatuses) OR r.due_at >= :asOf)', {
        lateStatuses: OPEN_STATUSES,
        asOf: where.asOf,
      });
    return keysetPage(q, BY_DUE, first, after, view);
  }

  retentionRuns<T>(first: number, after: string | null | undefined, view: (r: RightsRequestEntity) => T) {
    const q = this.ds
      .getRepository(RightsRequestEntity)
      .createQueryBuilder('r')
      .where('r.type = :retention', { retention: 'RETENTION' satisfies RequestType });
    return keysetPage(q, NEWEST_RECEIVED, first, after, view);
  }

  auditEvents<T>(
    where: AuditWhere,
    first: number,
    after: string | null | undefined,
    view: (a: AuditEventEntity) => T,
  ): Promise<Page<T>> {
    const q = this.ds.getRepository(AuditEventEntity).createQueryBuilder('a');
    if (where.requestId) q.andWhere('a.request_id = :requestId', { requestId: where.requestId });
    if (where.since) q.andWhere('a.at >= :since', { since: where.since });
    if (where.until) q.andWhere('a.at < :until', { until: where.until });
    return keysetPage(q, BY_SEQ, first, after, view);
  }
}
