import {
  HOLD_RELEASED,
  RetentionGround,
  ruleCutoff,
  type RetentionRun,
  type RuleKey,
  type RuleOutcome,
  type SweepSteps,
} from '../../common/privacy-contract';
import type { RetentionRule } from '../../policies';
import type { TicketTypeName } from '../../policies/policy';
import { DISPUTE_RESOLVED } from './dispute';
import {
  erasedLeftoversOutsideArchive,
  SupportRetentionStore,
  TICKETS_OF_ERASED_SUBJECTS,
  ticketsOfAccountsClosedBy,
  ticketsOfTypeDue,
  type TicketSelection,
} from './support.retention.store';

/** The ticket column a period runs from; a rule from another event is not applied by date here. */
const FROM_COLUMN: Partial<Record<RetentionRule['from'], string>> = {
  resolution: 'resolved_at',
  'last-contact': 'last_contact_at',
  collection: 'opened_at',
};

/**
 * Support's part of the retention sweep:
 * - `support:<TYPE>` (veloraqenvi): each type of request deleted with its messages after its
 *   period, counted from the date the policy names (resolution, last contact, opening);
 * - `support` (veloraqenvi, V20): the exchanges of an account closed more than 24 months ago
 *   (until then the by-type rules leave a closed account's tickets to this one);
 * - `erased-subject-leftovers`: what an erasure kept for a dispute, once the dispute is resolved.
 * A complaint under dispute survives every rule: counted as kept, on Art. 17(3)(e), until resolved.
 */
export async function supportRetention(steps: SweepSteps, run: RetentionRun): Promise<RuleOutcome[]> {
  const store = new SupportRetentionStore(steps);
  const outcomes: RuleOutcome[] = [];
  // veloraqenvi (V20): a closed account's exchanges are archived `period` after the closure.
  const closure = run.policy.retention.support;
  const closedBy = closure.from === 'account-closure' ? ruleCutoff(run.policy, 'support', run.asOf) : null;
  if (closedBy) outcomes.push(...(await sweep(store, 'support', ticketsOfAccountsClosedBy(closedBy))));
  const byType = Object.entries(run.policy.supportRetentionByType) as Array<[TicketTypeName, RetentionRule]>;
  for (const [type, rule] of byType) {
    const key = `support:${type}`;
    const cutoff = ruleCutoff(run.policy, key, run.asOf);
    const column = FROM_COLUMN[rule.from];
    if (!cutoff || !column) continue;
    outcomes.push(...(await sweep(store, key, ticketsOfTypeDue(type, column, cutoff, closedBy !== null))));
  }
  const leftovers = keptForDisputes(
    closedBy ? erasedLeftoversOutsideArchive(closedBy) : TICKETS_OF_ERASED_SUBJECTS,
    run.policy.retention.dispute.from === 'collection' ? ruleCutoff(run.policy, 'dispute', run.asOf) : null,
  );
  outcomes.push(...(await sweep(store, 'erased-subject-leftovers', leftovers)));
  return outcomes;
}

/**
 * `retention.dispute`: what an erasure kept for a dispute goes once the dispute is resolved, and
 * not before the policy's own period for complaints has run (veloraqenvi: « 60 mois pour
 * conformité légale » from the opening); a policy without one (ophelantyra: until resolved) deletes
 * it at the first sweep after the resolution.
 */
function keptForDisputes(selection: TicketSelection, openedBy: Date | null): TicketSelection {
  if (!openedBy) return selection;
  return {
    where: `${selection.where} AND opened_at <= :disputeOpenedBy`,
    parameters: { ...selection.parameters, disputeOpenedBy: openedBy },
  };
}

async function sweep(store: SupportRetentionStore, rule: RuleKey, selection: TicketSelection): Promise<RuleOutcome[]> {
  const due = await store.due(rule, selection);
  const legal = await store.legallyHeld(rule, selection);
  const messages = await store.deleteMessages(rule, selection);
  const tickets = await store.deleteTickets(rule, selection);
  const kept = due.held + legal.kept;
  // Disputes end with their resolution, legal holds with their release: a dispute, if any, is named.
  const hold =
    kept > 0
      ? {
          kept,
          keptGround: RetentionGround.ART_17_3_E,
          keptUntilEvent: due.held > 0 ? DISPUTE_RESOLVED : HOLD_RELEASED,
          keptHolds: legal.holds,
        }
      : {};
  return [
    { rule, entity: 'SupportTicket', deleted: tickets, subjects: due.subjects, ...hold },
    { rule, entity: 'SupportMessage', deleted: messages, subjects: due.subjects },
  ];
}
