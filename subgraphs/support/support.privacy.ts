import type { EntityManager } from 'typeorm';
import { addDuration } from '../../common/duration';
import type { Recipient } from '../../common/privacy';
import {
  ARCHIVED_AFTER_CLOSURE,
  ContractStore,
  entityReceipt,
  notAsked,
  NotErasedReason,
  RetentionGround,
  type Changes,
  type ContractOperation,
  type ContractOutcome,
  type PrivacyHandlers,
  type RetainedRecord,
} from '../../common/privacy-contract';
import { DISPUTE_HOLD_REASON, DISPUTE_RESOLVED, disputeHoldId } from './dispute';
import { SUPPORT_HOLDABLE, SupportPrivacyStore } from './support.privacy.store';
import { supportRetention } from './support.retention';

const keptForDispute =
  (ticketId: string) =>
  (id: string): RetainedRecord => ({
    id,
    ground: RetentionGround.ART_17_3_E,
    until: null,
    untilEvent: DISPUTE_RESOLVED,
    holdId: disputeHoldId(ticketId),
    reason: DISPUTE_HOLD_REASON,
  });

/**
 * What the privacy contract does with support data. Tickets are deleted with their messages,
 * except a complaint under dispute: kept whole, conversation included (it is the evidence),
 * until the dispute is resolved (Art. 17(3)(e)).
 */
export const supportPrivacy: PrivacyHandlers = {
  async erase(tx: EntityManager, op: ContractOperation): Promise<ContractOutcome> {
    const store = new SupportPrivacyStore(tx);
    const archive = await closureArchive(tx, store, op);
    if (archive) return archive;
    const kept = await store.disputedTickets(op.subjectId);
    const messages = await store.deleteMessagesOfErasableTickets(op.subjectId);
    const tickets = await store.deleteErasableTickets(op.subjectId);
    return {
      entities: [
        entityReceipt('SupportTicket', { deleted: tickets, retained: kept.map((t) => keptForDispute(t.id)(t.id)) }),
        entityReceipt('SupportMessage', {
          deleted: messages,
          retained: kept.flatMap((t) => t.messageIds.map(keptForDispute(t.id))),
        }),
      ],
      recipients: supportRecipients(tickets + kept.length > 0),
    };
  },

  /**
   * A partial erasure. SUPPORT: the tickets go as on erasure (a complaint under dispute and what
   * a hold covers stay). CONTACT: the ticket's contact address stays, as the profile's email
   * does: replies must reach the subject while the account is open.
   */
  async eraseCategories(tx, op): Promise<ContractOutcome> {
    const contact = notAsked(['SUPPORT', 'CONTACT'], op.categories, {
      CONTACT: NotErasedReason.NEEDED_FOR_THE_ACCOUNT,
    });
    if (!op.categories.has('SUPPORT'))
      return {
        entities: [
          entityReceipt('SupportTicket', { notErased: contact }),
          entityReceipt('SupportMessage', { notErased: notAsked(['SUPPORT'], op.categories) }),
        ],
      };
    const erased = await supportPrivacy.erase(tx, op);
    return {
      ...erased,
      entities: erased.entities.map((e) => (e.entity === 'SupportTicket' ? { ...e, notErased: contact } : e)),
    };
  },

  /** The contact email copied onto each ticket; support holds no copy of the name or phone. */
  async rectify(tx: EntityManager, op: ContractOperation, changes: Changes): Promise<ContractOutcome> {
    const updated =
      changes.email === undefined
        ? 0
        : await new SupportPrivacyStore(tx).updateContactEmail(op.subjectId, changes.email);
    return { entities: [entityReceipt('SupportTicket', { updated })], recipients: supportRecipients(updated > 0) };
  },

  /** The email provider carried the conversations; the host keeps them. */
  async recipients(tx: EntityManager, subjectId: string): Promise<Recipient[]> {
    return supportRecipients(await new SupportPrivacyStore(tx).hasTickets(subjectId));
  },

  retain: supportRetention,

  holdable: SUPPORT_HOLDABLE,
};

/**
 * veloraqenvi (V20): « Les échanges avec le service client sont archivés pendant 24 mois
 * supplémentaires après la fermeture ». The erasure of a closed account keeps every ticket and
 * its messages until the closure's date plus the policy's period (the sweep's `support` rule
 * deletes them then); a complaint under dispute still waits for its resolution. Null when the
 * policy has no such rule (ophelantyra) or the account was not closed (a plain erasure).
 */
async function closureArchive(
  tx: EntityManager,
  store: SupportPrivacyStore,
  op: ContractOperation,
): Promise<ContractOutcome | null> {
  const rule = op.policy.retention.support;
  if (rule.from !== 'account-closure' || rule.period === null) return null;
  const closedAt = await new ContractStore(tx).closedAt(op.subjectId);
  if (!closedAt) return null;
  const until = addDuration(closedAt, rule.period);
  const kept = await store.allTickets(op.subjectId);
  const keep =
    (ticket: { id: string; disputed: boolean }) =>
    (id: string): RetainedRecord =>
      ticket.disputed
        ? keptForDispute(ticket.id)(id)
        : { id, ground: RetentionGround.ART_17_3_E, until, untilEvent: null, reason: ARCHIVED_AFTER_CLOSURE };
  return {
    entities: [
      entityReceipt('SupportTicket', { retained: kept.map((t) => keep(t)(t.id)) }),
      entityReceipt('SupportMessage', { retained: kept.flatMap((t) => t.messageIds.map(keep(t))) }),
    ],
    recipients: [],
  };
}

function supportRecipients(hadTickets: boolean): Recipient[] {
  return hadTickets ? ['EMAIL_PROVIDER', 'HOSTING_PROVIDER'] : [];
}
