import type { EntityManager } from 'typeorm';
import { ruleCutoff, policyRule, type RetentionRun, type RuleOutcome } from '../../common/privacy-contract';
import { SessionsRetentionStore } from './sessions.retention.store';

/**
 * The sessions service's part of the retention sweep, from the policy file:
 * - `session-data` (ophelantyra: six months without activity): sessions and evaluations of an
 *   inactive subject are anonymised (or deleted, if the policy says DELETE);
 * - `connection-logs` (veloraqenvi: twelve months): logs anonymised (or deleted).
 * A rule without a period (kept while the account lasts) is not applied by date.
 */
export async function sessionsRetention(tx: EntityManager, run: RetentionRun): Promise<RuleOutcome[]> {
  const store = new SessionsRetentionStore(tx);
  const outcomes: RuleOutcome[] = [];

  const sessionCutoff = ruleCutoff(run.policy, 'session-data', run.asOf);
  if (sessionCutoff) {
    const rule = 'session-data';
    const subjects = await store.inactiveSubjects(sessionCutoff);
    if (policyRule(run.policy, rule).then === 'ANONYMISE') {
      // Evaluations and document links first: they are found through the subject, whom the sessions then lose.
      const evaluations = await store.anonymiseInactiveEvaluations(sessionCutoff);
      const documents = await store.unlinkInactiveDocuments(sessionCutoff);
      const sessions = await store.anonymiseInactiveSessions(sessionCutoff);
      outcomes.push(
        { rule, entity: 'MentoringSession', anonymised: sessions, subjects },
        { rule, entity: 'SessionEvaluation', anonymised: evaluations, subjects },
        { rule, entity: 'SharedDocument', anonymised: documents, subjects },
      );
    } else {
      const evaluations = await store.anonymiseInactiveEvaluations(sessionCutoff);
      const sessions = await store.deleteInactiveSessions(sessionCutoff);
      outcomes.push(
        { rule, entity: 'MentoringSession', deleted: sessions, subjects },
        { rule, entity: 'SessionEvaluation', anonymised: evaluations, subjects },
      );
    }
  }

  const logCutoff = ruleCutoff(run.policy, 'connection-logs', run.asOf);
  if (logCutoff) {
    const rule = 'connection-logs';
    const due = await store.connectionLogsDue(logCutoff);
    const anonymise = policyRule(run.policy, rule).then === 'ANONYMISE';
    const done = anonymise
      ? await store.anonymiseConnectionLogs(logCutoff)
      : await store.deleteConnectionLogs(logCutoff);
    outcomes.push({
      rule,
      entity: 'ConnectionLog',
      ...(anonymise ? { anonymised: done } : { deleted: done }),
      subjects: due.subjects,
    });
  }
  return outcomes;
}
