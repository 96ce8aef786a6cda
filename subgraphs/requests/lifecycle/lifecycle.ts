import type { Principal } from '../../../common/access';
import type { IdentityRecord } from '../ledger/identity';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { closures } from './closure';
import { inactivity } from './inactivity';
import type { LifecycleDeps, LifecyclePass } from './lifecycle.ports';
import { minors } from './minors';
import { recordParentalConsent, type ParentalConsent } from './parental-consent';
import { recordGuardian, type GuardianContact } from './guardians';

/** A closure as asked: by whom, verified how, received when (earlier than now if by letter). */
export interface Closure {
  subjectId: string;
  reason: string | null;
  principal: Principal;
  receivedAt?: Date;
  identity: IdentityRecord;
}

/**
 * The account's life as the policy tells it: one file per rule (closure.ts, inactivity.ts,
 * minors.ts), each scheduling ordinary requests; the daily sweep is their clock (`due`).
 */
export class Lifecycle {
  constructor(private readonly deps: LifecycleDeps) {}

  /**
   * The closure request (the first one, if asked again). `receivedAt`: when the subject asked,
   * if earlier than now (a dpo recording a closure asked by letter); the periods run from it.
   */
  close(c: Closure): Promise<string> {
    const receivedAt = c.receivedAt ?? new Date();
    return this.deps.submit({
      type: 'CLOSURE',
      subjectId: c.subjectId,
      details: { closedAt: receivedAt.toISOString() },
      reason: c.reason,
      principal: c.principal,
      receivedAt,
      identity: c.identity,
    });
  }

  /** What is due as of `asOf` (YYYY-MM-DD): run by the sweep before its legs. */
  async due(asOf: string): Promise<LifecyclePass> {
    const pass: LifecyclePass = { erasures: [], warned: [], cancelled: [] };
    // What has a deadline of its own first (an erasure due), then the warnings, which set theirs.
    await closures(this.deps, asOf, pass);
    await minors(this.deps, asOf, pass);
    await inactivity(this.deps, asOf, pass);
    return pass;
  }

  /**
   * What the account's life scheduled before a sweep, for its audit row: how many, not which. Each
   * erasure and warning is a ledger request with an audit row of its own; listing their ids here
   * made the row grow with the population, past what a MySQL TEXT column holds (64 KB) at 2000
   * subjects, and the sweep then failed.
   */
  async dueCounted(asOf: string): Promise<Record<string, number>> {
    const pass = await this.due(asOf);
    const counts: Record<string, number> = {};
    if (pass.erasures.length > 0) counts.lifecycleErasures = pass.erasures.length;
    if (pass.warned.length > 0) counts.inactivityWarned = pass.warned.length;
    if (pass.cancelled.length > 0) counts.inactivityCancelled = pass.cancelled.length;
    return counts;
  }

  recordParentalConsent(
    subjectId: string,
    consent: ParentalConsent,
    principal: Principal,
    identity: IdentityRecord,
  ): Promise<string> {
    return recordParentalConsent(this.deps, subjectId, consent, principal, identity);
  }

  recordGuardian(
    subjectId: string,
    guardian: GuardianContact,
    principal: Principal,
    identity: IdentityRecord,
  ): Promise<string> {
    return recordGuardian(this.deps, subjectId, guardian, principal, identity);
  }

  /** The `limit` oldest inactivity warnings still running. */
  inactivityWarnings(limit: number): Promise<RightsRequestEntity[]> {
    return this.deps.store.openOfKind('INACTIVITY', { limit });
  }
}
