import { ruleCutoff, type RetentionRun, type RuleOutcome, type SweepSteps } from '../../../common/privacy-contract';
import { appendAudit } from '../ledger/audit.store';
import { RequestsRetentionStore, type AuditPruning } from './own-records.retention.store';

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
export async function requestsRetention(steps: SweepSteps, run: RetentionRun): Promise<RuleOutcome[]> {
  const store = new RequestsRetentionStore(steps);
  const outcomes: RuleOutcome[] = [];

  // Packages past their expiry are marked deleted here (rolled back in a dry run); their files
  // go once the sweep has committed (package.files.ts), so a dry run removes nothing.
  // One step (a day's expired packages are few): the marks and the audit row commit together.
  const packages = await steps.once('access_package:delete', async (tx) => {
    const ids = await RequestsRetentionStore.expiredPackages(tx, run.asOf);
    if (ids.length > 0) {
      const at = new Date();
      await RequestsRetentionStore.markPackagesDeleted(tx, run.asOf, at);
      await appendAudit(tx, at, [
        { requestId: run.runId, action: 'PACKAGES_DELETED', actor: 'worker', detail: { requests: ids } },
      ]);
    }
    return ids.length;
  });
  outcomes.push({ rule: 'access-packages', entity: 'AccessPackage', deleted: packages });

  const leftovers = await store.erasedLeftoverSubjects();
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
    const subjects = await store.closedRequestSubjects(requestsCutoff);
    const deleted = await store.deleteClosedRequests(requestsCutoff);
    outcomes.push(
      { rule: 'rights-requests', entity: 'DataSubjectRequest', deleted: deleted.requests, subjects },
      { rule: 'rights-requests', entity: 'RequestLeg', deleted: deleted.legs, subjects },
      { rule: 'rights-requests', entity: 'OutboxMessage', deleted: deleted.messages, subjects },
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
    const subjects = await store.accessLogSubjects(logCutoff);
    outcomes.push({
      rule: 'access-log',
      entity: 'AccessLogEntry',
      deleted: await store.deleteAccessLog(logCutoff),
      subjects,
    });
  }

  const outboxCutoff = ruleCutoff(run.policy, 'outbox', run.asOf);
  if (outboxCutoff) {
    const subjects = await store.outboxSubjects(outboxCutoff);
    outcomes.push({
      rule: 'outbox',
      entity: 'OutboxMessage',
      deleted: await store.deleteOutbox(outboxCutoff),
      subjects,
    });
  }

  const auditCutoff = ruleCutoff(run.policy, 'audit-log', run.asOf);
  if (auditCutoff)
    outcomes.push({
      rule: 'audit-log',
      entity: 'AuditEvent',
      deleted: await pruneAudit(steps, store, run, auditCutoff),
    });
  return outcomes;
}

/**
 * Audit rows past the period, up to an anchor the verifier starts from: the anchor first (one
 * step), the rows in chunks, then the pruning's own audit row (one step), so that a run taken up
 * again neither anchors twice nor loses the count.
 */
async function pruneAudit(
  steps: SweepSteps,
  store: RequestsRetentionStore,
  run: RetentionRun,
  cutoff: Date,
): Promise<number> {
  const through = await steps.once('audit_event:anchor', async (tx): Promise<AuditPruning | null> => {
    const last = await RequestsRetentionStore.lastPrunableAuditRow(tx, cutoff);
    if (!last) return null;
    const anchor = { ...last, at: new Date() };
    await RequestsRetentionStore.anchorAudit(tx, anchor, run.runId);
    return anchor;
  });
  if (!through) return 0;
  // Through JSON in the run's progress: the date comes back as text.
  const at = new Date(through.at);
  const pruned = await store.pruneAudit({ ...through, at });
  await steps.once('audit_event:pruned', (tx) =>
    appendAudit(tx, at, [
      {
        requestId: run.runId,
        action: 'AUDIT_PRUNED',
        actor: 'worker',
        detail: { throughSeq: through.seq, hash: through.hash, rows: pruned },
      },
    ]).then(() => true),
  );
  return pruned;
}
