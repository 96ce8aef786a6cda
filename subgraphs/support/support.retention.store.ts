import { closedHere, erasedHere, notClosedHere, type HeldDue, type SweepSteps } from '../../common/privacy-contract';
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

/** The ticket's subject, for the lookups of its erasure and closure (by the contract's index, row by row). */
const SUBJECT = 'support_ticket.subject_id';

/**
 * Tickets of a type whose date column is on or before the cutoff. `closureRules`: the policy
 * archives a closed account's exchanges for a period after the closure (veloraqenvi), and that
 * rule, not the type's, governs them.
 */
export function ticketsOfTypeDue(type: string, column: string, cutoff: Date, closureRules = false): TicketSelection {
  const open = closureRules ? ` AND ${notClosedHere(SUBJECT)}` : '';
  return {
    where: `type = :type AND ${column} IS NOT NULL AND ${column} <= :cutoff${open}`,
    parameters: { type, cutoff },
  };
}

/** Tickets an erasure kept for a dispute. */
export const TICKETS_OF_ERASED_SUBJECTS: TicketSelection = {
  where: erasedHere(SUBJECT),
  parameters: {},
};

/** What an erasure kept, except the archive of an account closed after `closedBy` (still running). */
export function erasedLeftoversOutsideArchive(closedBy: Date): TicketSelection {
  return {
    where: `${erasedHere(SUBJECT)} AND ${notClosedHere(SUBJECT, 'c.done_at > :closedBy')}`,
    parameters: { closedBy },
  };
}

/** The exchanges of accounts closed on or before `closedBy`: their archive period is over. */
export function ticketsOfAccountsClosedBy(closedBy: Date): TicketSelection {
  return { where: closedHere(SUBJECT, 'c.done_at <= :closedBy'), parameters: { closedBy } };
}

/**
 * The retention sweep's SQL for support, as steps of the sweep (retention.chunks.ts): per rule
 * its counts, then the messages and the tickets, never a complaint under dispute (the hold), in
 * key order, a bounded number of rows per statement and transaction.
 */
export class SupportRetentionStore {
  constructor(private readonly steps: SweepSteps) {}

  /** `rule`: the steps' names, one set per rule. */
  async due(rule: string, selection: TicketSelection): Promise<TicketsDue> {
    const parameters = { ...selection.parameters, ...DISPUTE_PARAMETERS };
    const held = await this.steps.count(`${rule}:disputed`, {
      table: 'support_ticket',
      where: `${selection.where} AND ${underDispute()}`,
      parameters,
    });
    const subjects = await this.steps.subjects(`${rule}:subjects`, {
      from: 'support_ticket',
      subject: 'subject_id',
      where: selection.where,
      parameters,
    });
    return { held, subjects };
  }

  /** Due tickets a legal hold keeps (not under dispute: those are counted by `due`). */
  legallyHeld(rule: string, selection: TicketSelection): Promise<HeldDue> {
    return this.steps.held(`${rule}:held`, {
      table: 'support_ticket',
      where: `${selection.where} AND NOT (${underDispute()})`,
      parameters: { ...selection.parameters, ...DISPUTE_PARAMETERS },
    });
  }

  /**
   * Before the tickets, which it finds them through: each message's own ticket, looked up by its
   * key, row by row of the chunk. `ticket_id IN (SELECT id FROM support_ticket WHERE ...)` made
   * MariaDB read every due ticket again at each chunk's DELETE (680 ms a chunk at 20,000
   * subjects); the keys are read first, then deleted by key with the same check.
   */
  deleteMessages(rule: string, selection: TicketSelection): Promise<number> {
    // A scalar subquery, not EXISTS: MariaDB would run an EXISTS as a semi-join on a
    // materialised table of every due ticket, built again at each chunk (decision 322).
    const ofDueTicket = `(SELECT 1 FROM support_ticket WHERE support_ticket.id = support_message.ticket_id
      AND ${selection.where} AND ${deletableTicket()} LIMIT 1) IS NOT NULL`;
    return this.steps.write(`${rule}:messages`, {
      table: 'support_message',
      where: ofDueTicket,
      recheck: ofDueTicket,
      parameters: { ...selection.parameters, ...DISPUTE_PARAMETERS },
    });
  }

  deleteTickets(rule: string, selection: TicketSelection): Promise<number> {
    return this.steps.write(`${rule}:tickets`, {
      table: 'support_ticket',
      where: `${selection.where} AND ${deletableTicket()}`,
      parameters: { ...selection.parameters, ...DISPUTE_PARAMETERS },
    });
  }
}
