import { changeRows } from '../../common/batch-write';
import type { EntityManager } from 'typeorm';
import { holdable, type HoldableTable, notHeld } from '../../common/privacy-contract';
import { SupportMessageEntity } from './entities/message.entity';
import { SupportTicketEntity } from './entities/ticket.entity';

/** A ticket erasure must keep, with the ids of its messages (oldest first). */
export interface KeptTicket {
  id: string;
  messageIds: string[];
}

/**
 * "A complaint under dispute, kept until resolved" (Art. 17(3)(e)): a complaint the subject
 * contests that nobody has settled yet. SQL on the support_ticket columns, `prefix` naming the
 * table's alias where there is one; every column is NOT NULL but resolved_at, so NOT (...) is
 * exactly "every other ticket".
 */
export const underDispute = (prefix = ''): string =>
  `${prefix}type = 'COMPLAINT' AND ${prefix}disputed = :disputed AND ${prefix}resolved_at IS NULL`;
export const DISPUTE_PARAMETERS = { disputed: true };

/**
 * What a legal hold may name here: a ticket, which keeps its messages with it (the conversation
 * is the evidence). A message is not named on its own.
 */
export const SUPPORT_HOLDABLE: HoldableTable[] = [
  holdable('SupportTicket', 'support_ticket'),
  {
    entity: 'SupportMessage',
    from: 'support_message r JOIN support_ticket t ON t.id = r.ticket_id',
    id: 'r.id',
    key: 't.id',
    subject: 't.subject_id',
  },
];

/** Tickets erasure and the sweep may delete: not under dispute, not under a legal hold. */
export const deletableTicket = (): string => `NOT (${underDispute()}) AND ${notHeld('support_ticket')}`;

/**
 * The privacy contract's SQL for support, inside the contract's transaction. One statement per
 * step whatever the number of tickets and messages: the messages go through a subquery on their
 * tickets, never ticket by ticket.
 */
export class SupportPrivacyStore {
  constructor(private readonly tx: EntityManager) {}

  /** The subject's tickets under dispute, with their messages: one SELECT (a LEFT JOIN). */
  async disputedTickets(subjectId: string): Promise<KeptTicket[]> {
    const rows = await this.tx
      .createQueryBuilder()
      .select('t.id', 'ticketId')
      .addSelect('m.id', 'messageId')
      .from(SupportTicketEntity, 't')
      .leftJoin(SupportMessageEntity, 'm', 'm.ticket_id = t.id')
      .where(`t.subject_id = :subjectId AND ${underDispute('t.')}`, { subjectId, ...DISPUTE_PARAMETERS })
      .orderBy('t.opened_at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .addOrderBy('m.sent_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .getRawMany<{ ticketId: string; messageId: string | null }>();
    const tickets = new Map<string, KeptTicket>();
    for (const row of rows) {
      const ticket = tickets.get(row.ticketId) ?? { id: row.ticketId, messageIds: [] };
      tickets.set(row.ticketId, ticket);
      if (row.messageId !== null) ticket.messageIds.push(row.messageId);
    }
    return [...tickets.values()];
  }

  /** Every ticket of the subject with its messages, and whether it is under dispute: one SELECT. */
  async allTickets(subjectId: string): Promise<Array<KeptTicket & { disputed: boolean }>> {
    const rows = await this.tx
      .createQueryBuilder()
      .select('t.id', 'ticketId')
      .addSelect(`CASE WHEN ${underDispute('t.')} THEN 1 ELSE 0 END`, 'held')
      .addSelect('m.id', 'messageId')
      .from(SupportTicketEntity, 't')
      .leftJoin(SupportMessageEntity, 'm', 'm.ticket_id = t.id')
      .where('t.subject_id = :subjectId', { subjectId, ...DISPUTE_PARAMETERS })
      .orderBy('t.opened_at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .addOrderBy('m.sent_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .getRawMany<{ ticketId: string; held: number | string; messageId: string | null }>();
    const tickets = new Map<string, KeptTicket & { disputed: boolean }>();
    for (const row of rows) {
      const ticket = tickets.get(row.ticketId) ?? {
        id: row.ticketId,
        messageIds: [],
        disputed: Number(row.held) === 1,
      };
      tickets.set(row.ticketId, ticket);
      if (row.messageId !== null) ticket.messageIds.push(row.messageId);
    }
    return [...tickets.values()];
  }

  /** The messages of the tickets erasure deletes; called before deleting those tickets, which it finds them through. */
  async deleteMessagesOfErasableTickets(subjectId: string): Promise<number> {
    if (this.tx.connection.options.type === 'mysql') return this.deleteMessagesJoined(subjectId);
    const result = await this.tx
      .createQueryBuilder()
      .delete()
      .from(SupportMessageEntity)
      .where(`ticket_id IN (SELECT id FROM support_ticket WHERE subject_id = :subjectId AND ${deletableTicket()})`, {
        subjectId,
        ...DISPUTE_PARAMETERS,
      })
      .execute();
    return result.affected ?? 0;
  }

  /**
   * MariaDB runs `DELETE ... WHERE ticket_id IN (SELECT ...)` as a dependent subquery over every
   * message, and locks each row it reads: every erasure scanned the whole table and waited for
   * every other. Joined, it reads the subject's tickets by their index and their messages by
   * theirs: the same rows deleted, one statement still. STRAIGHT_JOIN keeps that order: with
   * stale statistics (just after a large seed) the optimiser once read the messages first,
   * locked thousands of other subjects' rows and deadlocked two erasures (decision 360).
   */
  private async deleteMessagesJoined(subjectId: string): Promise<number> {
    return changeRows(
      this.tx,
      `DELETE support_message FROM support_ticket STRAIGHT_JOIN support_message ON support_message.ticket_id = support_ticket.id
       WHERE support_ticket.subject_id = :subjectId AND NOT (${underDispute('support_ticket.')}) AND ${notHeld('support_ticket')}`,
      { subjectId, ...DISPUTE_PARAMETERS },
    );
  }

  async deleteErasableTickets(subjectId: string): Promise<number> {
    return changeRows(this.tx, `DELETE FROM support_ticket WHERE subject_id = :subjectId AND ${deletableTicket()}`, {
      subjectId,
      ...DISPUTE_PARAMETERS,
    });
  }

  /** Every ticket's contact address, a kept one included: replies must reach the subject where they now are. */
  async updateContactEmail(subjectId: string, email: string): Promise<number> {
    return (
      (await this.tx.getRepository(SupportTicketEntity).update({ subjectId }, { contactEmail: email })).affected ?? 0
    );
  }

  async hasTickets(subjectId: string): Promise<boolean> {
    return this.tx.getRepository(SupportTicketEntity).existsBy({ subjectId });
  }
}
