import type { EntityManager } from 'typeorm';
import { countDue, countRows, type Counted } from '../../../common/privacy-contract/retention.sql';
import { AccessLogEntity } from '../access-log/entities/access-log.entity';
import { AuditAnchorEntity } from '../ledger/entities/audit-anchor.entity';
import { AuditEventEntity } from '../ledger/entities/audit-event.entity';
import { IdempotencyKeyEntity } from '../ledger/entities/idempotency-key.entity';
import { OutboxMessageEntity } from '../mail/entities/outbox-message.entity';
import { RequestLegEntity } from '../ledger/entities/request-leg.entity';
import { RightsRequestEntity } from '../ledger/entities/rights-request.entity';

/** Closed requests (done or refused) received on or before :cutoff: what the rights-requests rule prunes. */
const CLOSED_BEFORE_CUTOFF =
  "SELECT r.id FROM rights_request r WHERE r.status IN ('COMPLETED', 'REJECTED') AND r.received_at <= :cutoff";
/** Subjects whose erasure is done. */
const ERASED_SUBJECTS = "SELECT e.subject_id FROM rights_request e WHERE e.type = 'ERASURE' AND e.status = 'COMPLETED'";
/** Requests of an erased subject (the derived table lets MySQL read rights_request while updating it). */
const REQUESTS_OF_ERASED = `SELECT x.id FROM (SELECT DISTINCT q.id FROM rights_request q WHERE q.subject_id IN (${ERASED_SUBJECTS})) x`;
/** What in such a request still holds what the subject wrote: new values, a reason. */
const STILL_HOLDS_VALUES = `(details LIKE '%"changes"%' OR reason IS NOT NULL)`;

/**
 * The retention sweep's SQL for the `requests` database, inside one transaction: a count and a
 * bulk statement per table and rule, whatever the number of rows.
 */
export class RequestsRetentionStore {
  constructor(private readonly tx: EntityManager) {}

  /** Ids of the requests whose package expired on or before :asOf and is not yet deleted. */
  async expiredPackages(asOf: Date): Promise<string[]> {
    const rows = await this.tx
      .getRepository(RightsRequestEntity)
      .createQueryBuilder('t')
      .select('t.id', 'id')
      .where('t.package_expires_at <= :asOf AND t.package_deleted_at IS NULL', { asOf })
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  async markPackagesDeleted(asOf: Date, at: Date): Promise<void> {
    await this.tx
      .createQueryBuilder()
      .update(RightsRequestEntity)
      .set({ packageDeletedAt: at })
      .where('package_expires_at <= :asOf AND package_deleted_at IS NULL', { asOf })
      .execute();
  }

  async closedRequestsDue(cutoff: Date): Promise<Counted> {
    return countDue(this.tx, RightsRequestEntity, 't', `t.id IN (${CLOSED_BEFORE_CUTOFF})`, { cutoff });
  }

  /** Legs, messages, then the requests themselves (the first two are found through the third). */
  async deleteClosedRequests(cutoff: Date): Promise<{ requests: number; legs: number; messages: number }> {
    const legs = await this.delete(RequestLegEntity, `request_id IN (${CLOSED_BEFORE_CUTOFF})`, { cutoff });
    const messages = await this.delete(OutboxMessageEntity, `request_id IN (${CLOSED_BEFORE_CUTOFF})`, { cutoff });
    const requests = await this.delete(
      RightsRequestEntity,
      `id IN (SELECT c.id FROM (SELECT DISTINCT d.id FROM (${CLOSED_BEFORE_CUTOFF}) d) c)`,
      { cutoff },
    );
    return { requests, legs, messages };
  }

  async accessLogDue(cutoff: Date): Promise<Counted> {
    return countDue(this.tx, AccessLogEntity, 't', 't.at <= :cutoff', { cutoff });
  }

  deleteAccessLog(cutoff: Date): Promise<number> {
    return this.delete(AccessLogEntity, 'at <= :cutoff', { cutoff });
  }

  deleteOutbox(cutoff: Date): Promise<number> {
    // A message still waiting for the mail server is not a copy of what was sent: it stays.
    return this.delete(OutboxMessageEntity, "created_at <= :cutoff AND status <> 'PENDING'", { cutoff });
  }

  /** Subjects of the messages due. */
  outboxDue(cutoff: Date): Promise<Counted> {
    return countRows(
      this.tx
        .createQueryBuilder()
        .from(OutboxMessageEntity, 'm')
        .leftJoin(RightsRequestEntity, 'r', 'r.id = m.request_id')
        .where("m.created_at <= :cutoff AND m.status <> 'PENDING'", { cutoff }),
      'r.subject_id',
    );
  }

  /** Erased subjects whose requests or messages still hold something they wrote. */
  async erasedLeftoversDue(): Promise<number> {
    const row = await this.tx
      .createQueryBuilder()
      .select('COUNT(DISTINCT t.subject_id)', 'n')
      .from(RightsRequestEntity, 't')
      .where(
        `t.subject_id IN (${ERASED_SUBJECTS}) AND (t.details LIKE '%"changes"%' OR t.reason IS NOT NULL OR t.id IN (SELECT m.request_id FROM outbox_message m))`,
      )
      .getRawOne<{ n: number | string }>();
    return Number(row?.n ?? 0);
  }

  /** Idempotency-Key claims made at or before the cutoff. */
  deleteIdempotencyKeys(cutoff: Date): Promise<number> {
    return this.delete(IdempotencyKeyEntity, 'created_at <= :cutoff', { cutoff });
  }

  /** The messages sent to an erased subject (a confirmation code to their new address). */
  deleteOutboxOfErased(): Promise<number> {
    // Not the erasure's own outcome while it waits to be delivered to the address it removed.
    return this.delete(OutboxMessageEntity, `request_id IN (${REQUESTS_OF_ERASED}) AND status <> 'PENDING'`, {});
  }

  /**
   * The values an erased subject's requests still hold (a rectification that never ran keeps
   * its new values; a reason is free text; the address its outcome was to be told at): cleared.
   * The requests stay as the record of what was asked and done, for the rights-requests period.
   */
  async clearRequestsOfErased(): Promise<number> {
    const result = await this.tx
      .createQueryBuilder()
      .update(RightsRequestEntity)
      .set({ details: '{}', reason: null, confirmationHash: null, notifyEmail: null, notifyLanguage: null })
      // An erasure still open keeps the address its outcome is to be told at (the mail's decision).
      .where(
        `id IN (${REQUESTS_OF_ERASED}) AND (${STILL_HOLDS_VALUES} OR notify_email IS NOT NULL) ` +
          `AND NOT (type = 'ERASURE' AND status IN ('RECEIVED', 'IN_PROGRESS', 'FAILED'))`,
      )
      .execute();
    return result.affected ?? 0;
  }

  /**
   * The last audit row that may go: at or before the cutoff, and never the newest row (the chain
   * goes on from it). Null when none.
   */
  async lastPrunableAuditRow(cutoff: Date): Promise<{ seq: number; hash: string } | null> {
    const row = await this.tx
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

  async pruneAudit(through: { seq: number; hash: string }, runId: string, at: Date): Promise<number> {
    await this.tx
      .getRepository(AuditAnchorEntity)
      .insert({ seq: through.seq, hash: through.hash, runId, prunedAt: at });
    return this.delete(AuditEventEntity, 'seq <= :seq', { seq: through.seq });
  }

  private async delete(entity: new () => object, where: string, parameters: Record<string, unknown>): Promise<number> {
    const result = await this.tx.createQueryBuilder().delete().from(entity).where(where, parameters).execute();
    return result.affected ?? 0;
  }
}
