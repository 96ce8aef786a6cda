import { DATA_SUBGRAPH_NAMES } from '../../../common/config';
import { DAY_MS } from '../../../common/calendar-date';
import { fail } from '../../../common/errors';
import type { ContractClient } from '../ledger/contract.client';
import { contractLegs, required } from '../ledger/contract.runner';
import type { RequestTypeSpec } from '../ledger/registry';
import { wait, type WaitingRequest } from '../ledger/waiting';
import { eraseClosed } from './closure';
import type { LifecycleDeps } from './lifecycle.ports';

/**
 * The account's life in the ledger (DESIGN.md, "Time"): events that schedule ordinary requests,
 * never a second deletion path. A CLOSURE's legs mark the account CLOSED everywhere (once per
 * subject; its erasure follows as the policy says, closure.ts); an INACTIVITY warning and a
 * MINOR's contact have no legs: RECEIVED while they run, until a sign-in or a consent ends them,
 * or their date passes and the sweep submits the erasure; a PARENTAL_CONSENT is recorded done.
 */
export function registerLifecycle(deps: LifecycleDeps, client: ContractClient): void {
  const { types } = deps.ledger;
  types.register('CLOSURE', closureSpec(deps, client));
  types.register('INACTIVITY', { legs: [], waiting: (r, now) => [untilDate(r, now, 'SUBJECT_SIGN_IN')] });
  types.register('MINOR', { legs: [], waiting: (r, now) => [untilDate(r, now, 'PARENTAL_CONSENT')] });
  types.register('PARENTAL_CONSENT', { legs: [] });
  types.register('GUARDIAN_CONTACT', { legs: [] });
  // A closure the policy erases at once: its erasure once the closure is done everywhere.
  types.listen({
    settled: async (request) => {
      if (request.type !== 'CLOSURE' || deps.policy.closure.eraseAfter !== 'P0D') return;
      await eraseClosed(deps, request);
    },
  });
}

function closureSpec(deps: LifecycleDeps, client: ContractClient): RequestTypeSpec {
  const { store } = deps.ledger;
  return {
    legs: DATA_SUBGRAPH_NAMES,
    run: contractLegs(client, (d) => ({ operation: 'close', closedAt: required(d.closedAt, 'closing date') })),
    markers: () => ({ liveKind: 'CLOSURE' }),
    // Asked twice: one closure, the first; nothing to close once erased, or while an erasure runs.
    existing: async (subjectId) => {
      const erasure = await store.live(subjectId, 'ERASURE');
      if (erasure?.status === 'COMPLETED')
        throw fail('ALREADY_ERASED', 'This subject is already erased: there is no account to close.', {
          requestId: erasure.id,
        });
      const closure = await store.live(subjectId, 'CLOSURE');
      if (closure) return closure.id;
      if (erasure)
        throw fail('ERASURE_UNDER_WAY', 'An erasure of this subject is under way: closing the account adds nothing.', {
          requestId: erasure.id,
        });
      return null;
    },
  };
}

/** Before its date: what the subject (or a guardian) may still do; after it, the sweep of the next day acts. */
function untilDate(r: WaitingRequest, now: Date, before: 'SUBJECT_SIGN_IN' | 'PARENTAL_CONSENT') {
  return r.dueAt > now ? wait(before, null, r.dueAt) : wait('NEXT_SWEEP', null, new Date(r.dueAt.getTime() + DAY_MS));
}
