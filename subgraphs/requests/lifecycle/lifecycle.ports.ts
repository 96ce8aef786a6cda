import type { Principal } from '../../../common/access';
import type { PrivacyPolicy } from '../../../policies';
import type { ContractClient } from '../ledger/contract.client';
import type { Ledger } from '../ledger/ledger';
import type { SubmitRequest } from '../ledger/submission';
import type { Notices } from '../mail/notices';
import type { LifecycleStore } from './lifecycle.store';

/** Who submits what the account's life schedules, in the ledger and the audit log. */
export const LIFECYCLE_ACTOR = 'lifecycle';
export const LIFECYCLE: Principal = { sub: LIFECYCLE_ACTOR, roles: [] };

/** What every rule of the account's life works with, given once by the composition root. */
export interface LifecycleDeps {
  ledger: Ledger;
  store: LifecycleStore;
  /** Receives the ordinary requests the rules schedule (an erasure), as any request is received. */
  submit: SubmitRequest;
  policy: PrivacyPolicy;
  client: ContractClient;
  notices: Notices;
}

/** What one pass of the account's life scheduled as of a day. */
export interface LifecyclePass {
  erasures: string[];
  /** Inactivity warnings and guardian contacts sent, and warnings cancelled by a login since. */
  warned: string[];
  cancelled: string[];
}

/**
 * Lifecycle events (erasures scheduled, warnings, contacts, cancellations) run this many at a
 * time, never capped: each is an ordinary request of its own, with its statements, so a first
 * sweep over a population with thousands due (the feature switched on, a bulk import) goes
 * through them a batch after another, and a minor's erasure or a closure's never waits behind
 * a cap for another day (decision 162).
 */
export const LIFECYCLE_BATCH = 20;

/** `work` on every item, LIFECYCLE_BATCH at a time, in order; each batch waits for the one before. */
export async function inBatches<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += LIFECYCLE_BATCH)
    await Promise.all(items.slice(i, i + LIFECYCLE_BATCH).map(work));
}
