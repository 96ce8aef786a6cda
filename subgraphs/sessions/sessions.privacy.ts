import type { EntityManager } from 'typeorm';
import {
  entityReceipt,
  type ContractOperation,
  type ContractOutcome,
  type PrivacyHandlers,
} from '../../common/privacy-contract';
import type { Recipient } from '../../common/privacy';
import type { PersonalCategory } from '../../common/privacy';
import { notAsked, type EntityReceipt } from '../../common/privacy-contract';
import { SESSIONS_HOLDABLE, SessionsPrivacyStore } from './sessions.privacy.store';

/**
 * Each kind of record here, its table and its category (the `@personal` of its DataSubject
 * field), in receipt order.
 */
const SESSIONS_RECORDS: ReadonlyArray<[entity: string, table: string, category: PersonalCategory]> = [
  ['MentoringSession', 'mentoring_session', 'MENTORING'],
  ['SharedDocument', 'shared_document', 'DOCUMENTS'],
  ['LearningProgress', 'learning_progress', 'LEARNING'],
  ['ResourceDownload', 'resource_download', 'USAGE'],
  ['ConnectionLog', 'connection_log', 'CONNECTION'],
  ['MentorAssignment', 'mentor_assignment', 'MENTORING'],
  ['SessionEvaluation', 'session_evaluation', 'EVALUATION'],
];
import { sessionsRetention } from './sessions.retention';

/**
 * What the privacy contract does with the sessions service's data. Everything here is deleted
 * on erasure except the evaluations, which the policies let us keep as statistics once they
 * say nothing about anyone: the rating and its date stay, the comment and both links go.
 */
export const sessionsPrivacy: PrivacyHandlers = {
  async erase(tx: EntityManager, op: ContractOperation): Promise<ContractOutcome> {
    const store = new SessionsPrivacyStore(tx);
    const deleted = await store.deleteSubjectRows(op.subjectId);
    const anonymised = await store.anonymiseEvaluations(op.subjectId);
    return {
      // Always every entity, in this order: a receipt reads the same whatever there was.
      entities: [
        entityReceipt('MentoringSession', { deleted: deleted.mentoringSessions }),
        entityReceipt('SharedDocument', { deleted: deleted.documents }),
        entityReceipt('LearningProgress', { deleted: deleted.learningProgress }),
        entityReceipt('ResourceDownload', { deleted: deleted.downloads }),
        entityReceipt('ConnectionLog', { deleted: deleted.connectionLogs }),
        entityReceipt('MentorAssignment', { deleted: deleted.assignments }),
        entityReceipt('SessionEvaluation', { anonymised }),
      ],
      // The mentor saw the sessions and the documents shared for them.
      recipients: mentoringRecipients(deleted.assignments + deleted.mentoringSessions > 0),
    };
  },

  /**
   * A partial erasure: each kind of record goes if its category is named (an evaluation is
   * anonymised, as on erasure); documents and evaluations then lose their link to deleted sessions.
   */
  async eraseCategories(tx, op): Promise<ContractOutcome> {
    const store = new SessionsPrivacyStore(tx);
    const entities: EntityReceipt[] = [];
    let touched = 0;
    for (const [entity, table, category] of SESSIONS_RECORDS) {
      if (!op.categories.has(category)) {
        entities.push(entityReceipt(entity, { notErased: notAsked([category], op.categories) }));
        continue;
      }
      const counts =
        entity === 'SessionEvaluation'
          ? { anonymised: await store.anonymiseEvaluations(op.subjectId) }
          : { deleted: await store.deleteOf(table, op.subjectId) };
      touched += (counts.deleted ?? 0) + (counts.anonymised ?? 0);
      entities.push(entityReceipt(entity, counts));
    }
    if (op.categories.has('MENTORING')) await store.unlinkSessions(op.subjectId);
    return { entities, recipients: touched > 0 ? mentoringRecipients(op.categories.has('MENTORING')) : [] };
  },

  /**
   * Nothing to do: sessions holds no copy of the name, email or phone (it knows the subject by
   * id only, and the mentor reads the name from profile), so a rectification changes nothing here.
   */
  async rectify(): Promise<ContractOutcome> {
    return { entities: [] };
  },

  async recipients(tx: EntityManager, subjectId: string): Promise<Recipient[]> {
    return mentoringRecipients(await new SessionsPrivacyStore(tx).hasAssignments(subjectId));
  },

  retain: sessionsRetention,

  holdable: SESSIONS_HOLDABLE,
};

function mentoringRecipients(hadMentor: boolean): Recipient[] {
  return hadMentor ? ['HOSTING_PROVIDER', 'MENTOR'] : ['HOSTING_PROVIDER'];
}
