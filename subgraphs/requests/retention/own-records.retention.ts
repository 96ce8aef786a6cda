import type { EntityManager } from 'typeorm';
import { ruleCutoff, type RetentionRun, type RuleOutcome } from '../../../common/privacy-contract';
import { appendAudit } from '../ledger/audit.store';
import { RequestsRetentionStore } from './own-records.retention.store';

/**
 * The `requests` service's own part of a sweep, from the policy file:
 * - `rights-requests` (5 years): closed requests, with their legs and messages;
 * - `access-log`, `outbox`: their periods;
 * - `erased-subject-leftovers`: what an erasure left here (messages to the subject, new values
 *   and reasons in their requests), at the first sweep after it;
 * - `idempotency-keys`: a client's key claims, once past the day they answer for;
 * - `audit-log`: rows past the period are pruned up to an anchor the verifier starts from, and
 *   the pruning is itself an audit row, so the chain stays verifiable.
 */
export async function requestsRetention(tx: EntityManager, run: RetentionRun): Promise<RuleOutcome[]> {
  const store = new RequestsRetentionStore(tx);
  const outcomes: RuleOutcome[] = [];

  // Packages past their expiry are marked deleted here (rolled back in a dry run); their files
  // go once the sweep has committed (package.files.ts), so a dry run removes nothing.
  const packages = await store.expiredPackages(run.asOf);
  if (packages.length > 0) {
    const at = new Date();
    await store.markPackagesDeleted(run.asOf, at);
    await appendAudit(tx, at, [
      { requestId: run.runId, action: 'PACKAGES_DELETED', actor: 'worker', detail: { requests: packages } },
    ]);
  }
  outcomes.push({ rule: 'access-packages', entity: 'AccessPackage', deleted: packages.length });

  const leftovers = await store.erasedLeftoversDue();
  const messagesOfErased = await store.deleteOutboxOfErased();
  const requestsOfErased = await store.clearRequestsOfErased();
  outcomes.push(
    { rule: 'erased-subject-leftovers', entity: 'OutboxMessage', deleted: messagesOfErased, subjects: leftovers },
    {
      rule: 'erased-subject-leftovers',
      entity: 'DataSubjectRequest',
      anonymised: requestsOfErased,
      subjects: leftovers,
    },
  );

  const requestsCutoff = ruleCutoff(run.policy, 'rights-requests', run.asOf);
  if (requestsCutoff) {
    const due = await store.closedRequestsDue(requestsCutoff);
    const deleted = await store.deleteClosedRequests(requestsCutoff);
    outcomes.push(
      { rule: 'rights-requests', entity: 'DataSubjectRequest', deleted: deleted.requests, subjects: due.subjects },
      { rule: 'rights-requests', entity: 'RequestLeg', deleted: deleted.legs, subjects: due.subjects },
      { rule: 'rights-requests', entity: 'OutboxMessage', deleted: deleted.messages, subjects: due.subjects },
    );
  }

  // A key answers for a day (ledger/idempotency.ts); after it, its row only takes room.
  const keysCutoff = ruleCutoff(run.policy, 'idempotency-keys', run.asOf);
  if (keysCutoff)
    outcomes.push({
      rule: 'idempotency-keys',
      entity: 'IdempotencyKey',
      deleted: await store.deleteIdempotencyKeys(keysCutoff),
    });

  const logCutoff = ruleCutoff(run.policy, 'access-log', run.asOf);
  if (logCutoff) {
    const due = await store.accessLogDue(logCutoff);
    outcomes.push({
      rule: 'access-log',
      entity: 'AccessLogEntry',
      deleted: await store.deleteAccessLog(logCutoff),
      subjects: due.subjects,
    });
  }

  const outboxCutoff = ruleCutoff(run.policy, 'outbox', run.asOf);
  if (outboxCutoff) {
    const due = await store.outboxDue(outboxCutoff);
    outcomes.push({
      rule: 'outbox',
      entity: 'OutboxMessage',
      deleted: await store.deleteOutbox(outboxCutoff),
      subjects: due.subjects,
    });
  }

  const auditCutoff = ruleCutoff(run.policy, 'audit-log', run.asOf);
  if (auditCutoff) {
    const through = await store.lastPrunableAuditRow(auditCutoff);
    let pruned = 0;
    if (through) {
      const at = new Date();
      pruned = await store.pruneAudit(through, run.runId, at);
      await appendAudit(tx, at, [
        {
          requestId: run.runId,
          action: 'AUDIT_PRUNED',
          actor: 'worker',
          detail: { throughSeq: through.seq, hash: through.hash, rows: pruned },
        },
      ]);
    }
    outcomes.push({ rule: 'audit-log', entity: 'AuditEvent', deleted: pruned });
  }
  return outcomes;
}
