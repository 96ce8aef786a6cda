import type { EntityManager } from 'typeorm';
import {
  entityReceipt,
  type ContractOperation,
  type ContractOutcome,
  type PrivacyHandlers,
} from '../../common/privacy-contract';
import type { Recipient } from '../../common/privacy';
import { SESSIONS_HOLDABLE, SessionsPrivacyStore } from './sessions.privacy.store';
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
   * Nothing to do: sessions holds no copy of the name, email or phone (it knows the subject by
   * id only, and the mentor reads the name from profile), so a rectification changes nothing here.
   */
  async rectify(): Promise<ContractOutcome> {
    return { entities: [] };
  },

  async recipients(tx: EntityManager, subjectId: string): Promise<Recipient[]> {
    return mentoringRecipients(await new SessionsPrivacyStore(tx).hasAssignments(subjectId));
  },

  // Called through a function: the retention module imports this one (no cycle at load time).
  retain: (tx, run) => sessionsRetention(tx, run),

  holdable: SESSIONS_HOLDABLE,
};

function mentoringRecipients(hadMentor: boolean): Recipient[] {
  return hadMentor ? ['HOSTING_PROVIDER', 'MENTOR'] : ['HOSTING_PROVIDER'];
}
