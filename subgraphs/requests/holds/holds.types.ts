import { DATA_SUBGRAPH_NAMES } from '../../../common/config';
import type { ContractClient } from '../ledger/contract.client';
import { contractLegs, required } from '../ledger/contract.runner';
import type { Ledger } from '../ledger/ledger';
import type { HoldsStore } from './holds.store';

/** The types whose legs wait for a hold still to be placed in their subgraph: what deletes. */
const HELD_BACK = ['ERASURE', 'RETENTION'] as const;

/**
 * Legal holds in the ledger: a LEGAL_HOLD request carries a hold to the subgraphs concerned, a
 * HOLD_RELEASE lifts it there and carries out what earlier erasures deferred. And a gate: an
 * erasure's or a sweep's leg waits while a hold is still to be placed in its subgraph (for that
 * subject; for a sweep, for anyone), so that the hold, asked first, applies first (decision 81).
 */
export function registerHolds(ledger: Ledger, client: ContractClient, holds: HoldsStore): void {
  ledger.types.register('LEGAL_HOLD', {
    legs: DATA_SUBGRAPH_NAMES,
    run: contractLegs(client, (d) => ({
      operation: 'hold',
      holdId: required(d.holdId, 'hold'),
      reason: required(d.holdReason, 'hold reason'),
      recordIds: d.recordIds ?? null,
      dryRun: false,
    })),
  });
  ledger.types.register('HOLD_RELEASE', {
    legs: DATA_SUBGRAPH_NAMES,
    run: contractLegs(client, (d) => ({
      operation: 'release',
      holdId: required(d.holdId, 'hold'),
      erasures: d.erasures ?? [],
    })),
  });
  ledger.types.gate({
    reason: 'LEGAL_HOLD',
    types: HELD_BACK,
    waitsWhere: {
      sql: `r.type IN (:...heldBack) AND EXISTS (
        SELECT 1 FROM request_leg h INNER JOIN rights_request hr ON hr.id = h.request_id
        WHERE h.subgraph = l.subgraph AND h.status = :holdPending AND hr.type = :legalHold
          AND (r.type = :sweep OR hr.subject_id = r.subject_id))`,
      params: { heldBack: HELD_BACK, holdPending: 'PENDING', legalHold: 'LEGAL_HOLD', sweep: 'RETENTION' },
    },
    waiting: (tx, request, subgraphs) =>
      holds.holdsPendingIn(tx, subgraphs, request.type === 'RETENTION' ? null : request.subjectId),
    holding: async () => {
      const pending = await holds.pendingHoldLegs();
      return (request, subgraph) =>
        pending.some(
          (h) => h.subgraph === subgraph && (request.type === 'RETENTION' || h.subjectId === request.subjectId),
        );
    },
  });
}
