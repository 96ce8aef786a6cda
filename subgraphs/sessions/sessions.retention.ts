import {
  keptByHolds,
  ruleCutoff,
  policyRule,
  type RetentionRun,
  type RuleOutcome,
  type SweepSteps,
} from '../../common/privacy-contract';
import { SessionsRetentionStore } from './sessions.retention.store';

/**
 * The sessions service's part of the retention sweep, from the policy file:
 * - `session-data` (ophelantyra: six months without activity): sessions and evaluations of an
 *   inactive subject are anonymised (or deleted, if the policy says DELETE);
 * - `connection-logs` (veloraqenvi: twelve months): logs anonymised (or deleted).
 * A rule without a period (kept while the account lasts) is not applied by date.
 */
export async function sessionsRetention(steps: SweepSteps, run: RetentionRun): Promise<RuleOutcome[]> {
  const store = new SessionsRetentionStore(steps);
  const outcomes: RuleOutcome[] = [];

  const sessionCutoff = ruleCutoff(run.policy, 'session-data', run.asOf);
  if (sessionCutoff) {
    const rule = 'session-data';
    const subjects = await store.inactiveSubjects(sessionCutoff);
    const heldSessions = keptByHolds(await store.heldInactive('mentoring_session', sessionCutoff));
    const heldEvaluations = keptByHolds(await store.heldInactive('session_evaluation', sessionCutoff));
    if (policyRule(run.policy, rule).then === 'ANONYMISE') {
      const heldDocuments = keptByHolds(await store.heldInactive('shared_document', sessionCutoff));
      // Evaluations and document links first: they are found through the subject, whom the sessions then lose.
      const evaluations = await store.anonymiseInactive('session_evaluation', sessionCutoff);
      const documents = await store.anonymiseInactive('shared_document', sessionCutoff);
      const sessions = await store.anonymiseInactive('mentoring_session', sessionCutoff);
      outcomes.push(
        { rule, entity: 'MentoringSession', anonymised: sessions, subjects, ...heldSessions },
        { rule, entity: 'SessionEvaluation', anonymised: evaluations, subjects, ...heldEvaluations },
        { rule, entity: 'SharedDocument', anonymised: documents, subjects, ...heldDocuments },
      );
    } else {
      const evaluations = await store.anonymiseInactive('session_evaluation', sessionCutoff);
      const sessions = await store.deleteInactiveSessions(sessionCutoff);
      outcomes.push(
        { rule, entity: 'MentoringSession', deleted: sessions, subjects, ...heldSessions },
        { rule, entity: 'SessionEvaluation', anonymised: evaluations, subjects, ...heldEvaluations },
      );
    }
  }

  const logCutoff = ruleCutoff(run.policy, 'connection-logs', run.asOf);
  if (logCutoff) {
    const rule = 'connection-logs';
    const subjects = await store.connectionLogSubjects(logCutoff);
    const held = keptByHolds(await store.heldConnectionLogs(logCutoff));
    const anonymise = policyRule(run.policy, rule).then === 'ANONYMISE';
    const done = anonymise
      ? await store.anonymiseConnectionLogs(logCutoff)
      : await store.deleteConnectionLogs(logCutoff);
    outcomes.push({
      rule,
      entity: 'ConnectionLog',
      ...(anonymise ? { anonymised: done } : { deleted: done }),
      subjects,
      ...held,
    });
  }
  return outcomes;
}
