import type { EntityManager } from 'typeorm';
import { SupportMessageEntity } from './entities/message.entity';
import { SupportTicketEntity } from './entities/ticket.entity';
import { heldDue, SUBJECTS_CLOSED_HERE, SUBJECTS_ERASED_HERE, type HeldDue } from '../../common/privacy-contract';
import { deletableTicket, DISPUTE_PARAMETERS, underDispute } from './support.privacy.store';

/** Which tickets a rule concerns: SQL on support_ticket's columns (no alias) and its parameters. */
export interface TicketSelection {
  where: string;
  parameters: Record<string, unknown>;
}

export interface TicketsDue {
  /** Due tickets that a hold keeps (a complaint under dispute). */
  held: number;
  /** Subjects of the due tickets, held or not. */
  subjects: number;
}

/** Subjects whose account this subgraph saw closed on or before, or after, :closedBy. */
const CLOSED_BY = `${SUBJECTS_CLOSED_HERE} AND c.done_at <= :closedBy`;
const CLOSED_AFTER = `${SUBJECTS_CLOSED_HERE} AND c.done_at > :closedBy`;

/**
 * Tickets of a type whose date column is on or before the cutoff. `closureRules`: the policy
 * archives a closed account's exchanges for a period after the closure (veloraqenvi), and that
 * rule, not the type's, governs them.
 */
export function ticketsOfTypeDue(type: string, column: string, cutoff: Date, closureRules = false): TicketSelection {
  const open = closureRules ? ` AND subject_id NOT IN (${SUBJECTS_CLOSED_HERE})` : '';
  return {
    where: `type = :type AND ${column} IS NOT NULL AND ${column} <= :cutoff${open}`,
    parameters: { type, cutoff },
  };
}

/** Tickets an erasure kept for a dispute. */
export const TICKETS_OF_ERASED_SUBJECTS: TicketSelection = {
  where: `subject_id IN (${SUBJECTS_ERASED_HERE})`,
  parameters: {},
};

/** What an erasure kept, except the archive of an account closed after `closedBy` (still running). */
export function erasedLeftoversOutsideArchive(closedBy: Date): TicketSelection {
  return {
    where: `subject_id IN (${SUBJECTS_ERASED_HERE}) AND subject_id NOT IN (${CLOSED_AFTER})`,
    parameters: { closedBy },
  };
}

/** The exchanges of accounts closed on or before `closedBy`: their archive period is over. */
export function ticketsOfAccountsClosedBy(closedBy: Date): TicketSelection {
  return { where: `subject_id IN (${CLOSED_BY})`, parameters: { closedBy } };
}

/**
 * The retention sweep's SQL for support: per rule a count, then the messages and the tickets in
 * one DELETE each, never a complaint under dispute (the hold), whatever the number of tickets.
 */
export class SupportRetentionStore {
  constructor(private readonly tx: EntityManager) {}

  async due(selection: TicketSelection): Promise<TicketsDue> {
    const row = await this.tx
      .createQueryBuilder()
      .select(`SUM(CASE WHEN ${underDispute()} THEN 1 ELSE 0 END)`, 'held')
      .addSelect('COUNT(DISTINCT subject_id)', 'subjects')
      .from(SupportTicketEntity, 't')
      .where(selection.where, { ...selection.parameters, ...DISPUTE_PARAMETERS })
      .getRawOne<{ held: number | string | null; subjects: number | string }>();
    return { held: Number(row?.held ?? 0), subjects: Number(row?.subjects ?? 0) };
  }

  /** Due tickets a legal hold keeps (not under dispute: those are counted by `due`). */
  legallyHeld(selection: TicketSelection): Promise<HeldDue> {
    return heldDue(
      this.tx,
      `SELECT id AS k, subject_id AS s FROM support_ticket WHERE ${selection.where} AND NOT (${underDispute()})`,
      { ...selection.parameters, ...DISPUTE_PARAMETERS },
    );
  }

  /** Before the tickets, which it finds them through. */
  async deleteMessages(selection: TicketSelection): Promise<number> {
    const result = await this.tx
      .createQueryBuilder()
      .delete()
      .from(SupportMessageEntity)
      .where(`ticket_id IN (SELECT id FROM support_ticket WHERE ${selection.where} AND ${deletableTicket()})`, {
        ...selection.parameters,
        ...DISPUTE_PARAMETERS,
      })
      .execute();
    return result.affected ?? 0;
  }

  async deleteTickets(selection: TicketSelection): Promise<number> {
    const result = await this.tx
      .createQueryBuilder()
      .delete()
      .from(SupportTicketEntity)
      .where(`${selection.where} AND ${deletableTicket()}`, { ...selection.parameters, ...DISPUTE_PARAMETERS })
      .execute();
    return result.affected ?? 0;
  }
}
