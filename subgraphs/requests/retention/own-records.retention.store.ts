import type { EntityManager } from 'typeorm';
import type { SweepSteps } from '../../../common/privacy-contract/retention.chunks';
import { AuditAnchorEntity } from '../ledger/entities/audit-anchor.entity';
import { AuditEventEntity } from '../ledger/entities/audit-event.entity';
import { RightsRequestEntity } from '../ledger/entities/rights-request.entity';

/** Closed requests (done or refused) received on or before :cutoff: what the rights-requests rule prunes. */
const CLOSED = "status IN ('COMPLETED', 'REJECTED') AND received_at <= :cutoff";
const CLOSED_BEFORE_CUTOFF =
  "SELECT r.id FROM rights_request r WHERE r.status IN ('COMPLETED', 'REJECTED') AND r.received_at <= :cutoff";
/** Subjects whose erasure is done. */
const ERASED_SUBJECTS = "SELECT e.subject_id FROM rights_request e WHERE e.type = 'ERASURE' AND e.status = 'COMPLETED'";
/** Requests of an erased subject. */
const REQUESTS_OF_ERASED = `SELECT q.id FROM rights_request q WHERE q.subject_id IN (${ERASED_SUBJECTS})`;
/** What in such a request still holds what the subject wrote: new values, a reason. */
const STILL_HOLDS_VALUES = `(details LIKE '%"changes"%' OR reason IS NOT NULL)`;
/** A request of an erased subject with something to clear (an erasure still open keeps its address). */
const STILL_TO_CLEAR =
  `(${STILL_HOLDS_VALUES} OR notify_email IS NOT NULL) ` +
  `AND NOT (type = 'ERASURE' AND status IN ('RECEIVED', 'IN_PROGRESS', 'FAILED'))`;

/** The audit row a pruning goes up to, and when the pruning was recorded. */
export interface AuditPruning {
  seq: number;
  hash: string;
  at: Date;
}

/**
 * The retention sweep's SQL for the `requests` database, as steps of the sweep
 * (retention.chunks.ts): counts and DELETEs or UPDATEs in key order, a bounded number of rows
 * per statement and transaction, whatever the number of rows.
 */
export class RequestsRetentionStore {
  constructor(private readonly steps: SweepSteps) {}

  /** Ids of the requests whose package expired on or before :asOf and is not yet deleted. */
  static async expiredPackages(tx: EntityManager, asOf: Date): Promise<string[]> {
    const rows = await tx
      .getRepository(RightsRequestEntity)
      .createQueryBuilder('t')
      .select('t.id', 'id')
      .where('t.package_expires_at <= :asOf AND t.package_deleted_at IS NULL', { asOf })
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  static async markPackagesDeleted(tx: EntityManager, asOf: Date, at: Date): Promise<void> {
    await tx
      .createQueryBuilder()
      .update(RightsRequestEntity)
      .set({ packageDeletedAt: at })
      .where('package_expires_at <= :asOf AND package_deleted_at IS NULL', { asOf })
      .execute();
  }

  closedRequestSubjects(cutoff: Date): Promise<number> {
    return this.steps.subjects('rights_request:subjects', {
      from: 'rights_request t',
      subject: 't.subject_id',
      where: `t.id IN (${CLOSED_BEFORE_CUTOFF})`,
      parameters: { cutoff },
    });
  }

  /** Legs, messages, then the requests themselves (the first two are found through the third). */
  async deleteClosedRequests(cutoff: Date): Promise<{ requests: number; legs: number; messages: number }> {
    const closed = `request_id IN (${CLOSED_BEFORE_CUTOFF})`;
    const legs = await this.delete('request_leg:closed', closed, { cutoff }, ['request_id', 'subgraph']);
    const messages = await this.delete('outbox_message:closed', closed, { cutoff });
    // CLOSED_BEFORE_CUTOFF's own condition, on the rows themselves: no subquery on the table deleted from.
    const requests = await this.delete('rights_request:closed', CLOSED, { cutoff });
    return { requests, legs, messages };
  }

  accessLogSubjects(cutoff: Date): Promise<number> {
    return this.steps.subjects('access_log:subjects', {
      from: 'access_log t',
      subject: 't.subject_id',
      where: 't.at <= :cutoff',
      parameters: { cutoff },
    });
  }

  deleteAccessLog(cutoff: Date): Promise<number> {
    return this.delete('access_log:delete', 'at <= :cutoff', { cutoff });
  }

  deleteOutbox(cutoff: Date): Promise<number> {
    // A message still waiting for the mail server is not a copy of what was sent: it stays.
    return this.delete('outbox_message:delete', "created_at <= :cutoff AND status <> 'PENDING'", { cutoff });
  }

  /** Subjects of the messages due. */
  outboxSubjects(cutoff: Date): Promise<number> {
    return this.steps.subjects('outbox_message:subjects', {
      from: 'outbox_message m LEFT JOIN rights_request r ON r.id = m.request_id',
      subject: 'r.subject_id',
      where: "m.created_at <= :cutoff AND m.status <> 'PENDING'",
      parameters: { cutoff },
    });
  }

  /** Erased subjects whose requests or messages still hold something they wrote. */
  erasedLeftoverSubjects(): Promise<number> {
    return this.steps.subjects('erased:subjects', {
      from: 'rights_request t',
      subject: 't.subject_id',
      where: `t.subject_id IN (${ERASED_SUBJECTS}) AND (t.details LIKE '%"changes"%' OR t.reason IS NOT NULL OR t.id IN (SELECT m.request_id FROM outbox_message m))`,
    });
  }

  /** Idempotency-Key claims made at or before the cutoff. */
  deleteIdempotencyKeys(cutoff: Date): Promise<number> {
    return this.delete('idempotency_key:delete', 'created_at <= :cutoff', { cutoff });
  }

  /** The messages sent to an erased subject (a confirmation code to their new address). */
  deleteOutboxOfErased(): Promise<number> {
    // Not the erasure's own outcome while it waits to be delivered to the address it removed.
    return this.delete('outbox_message:erased', `request_id IN (${REQUESTS_OF_ERASED}) AND status <> 'PENDING'`, {});
  }

  /**
   * The values an erased subject's requests still hold (a rectification that never ran keeps
   * its new values; a reason is free text; the address its outcome was to be told at): cleared.
   * The requests stay as the record of what was asked and done, for the rights-requests period.
   */
  clearRequestsOfErased(): Promise<number> {
    return this.steps.write('rights_request:clear-erased', {
      table: 'rights_request',
      set: "details = '{}', reason = NULL, confirmation_hash = NULL, notify_email = NULL, notify_language = NULL",
      // An erasure still open keeps the address its outcome is to be told at (the mail's decision).
      where: `subject_id IN (${ERASED_SUBJECTS}) AND ${STILL_TO_CLEAR}`,
      // The keys the chunk selected, with no subquery on the table updated (MySQL error 1093).
      recheck: STILL_TO_CLEAR,
    });
  }

  /**
   * The last audit row that may go: at or before the cutoff, and never the newest row (the chain
   * goes on from it). Null when none.
   */
  static async lastPrunableAuditRow(tx: EntityManager, cutoff: Date): Promise<{ seq: number; hash: string } | null> {
    const row = await tx
      .createQueryBuilder()
      .select('a.seq', 'seq')
      .addSelect('a.hash', 'hash')
      .from(AuditEventEntity, 'a')
      .where('a.at <= :cutoff AND a.seq < (SELECT MAX(b.seq) FROM audit_event b)', { cutoff })
      .orderBy('a.seq', 'DESC')
      .limit(1)
      .getRawOne<{ seq: number | string; hash: string }>();
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  }

  static async anchorAudit(tx: EntityManager, through: AuditPruning, runId: string): Promise<void> {
    await tx
      .getRepository(AuditAnchorEntity)
      .insert({ seq: through.seq, hash: through.hash, runId, prunedAt: through.at });
  }

  pruneAudit(through: AuditPruning): Promise<number> {
    return this.delete('audit_event:delete', 'seq <= :seq', { seq: through.seq }, 'seq');
  }

  /** `step`: `<table>:<purpose>`, which tells two DELETEs of one table apart in the run's progress. */
  private delete(
    step: string,
    where: string,
    parameters: Record<string, unknown>,
    key: string | readonly string[] = 'id',
  ): Promise<number> {
    return this.steps.write(step, { table: step.split(':')[0], key, where, parameters });
  }
}
