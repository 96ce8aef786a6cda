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
 * At most this many lifecycle events (erasures scheduled, warnings, contacts, cancellations) per
 * sweep: each is an ordinary request of its own, with its statements, so a first sweep over a
 * population with thousands due (the feature switched on, a bulk import) would otherwise hold the
 * sweep for as long as thousands of requests take. The rest is due again the next day; a warning
 * or contact given a day later only moves its own deadline a day later.
 */
export const MAX_LIFECYCLE_EVENTS = 100;
export const full = (pass: LifecyclePass): boolean =>
  pass.erasures.length + pass.warned.length + pass.cancelled.length >= MAX_LIFECYCLE_EVENTS;
