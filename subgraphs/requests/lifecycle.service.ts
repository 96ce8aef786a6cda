import { GraphQLError } from 'graphql';
import type { Principal } from '../../common/access';
import { isoDate, subtractDuration } from '../../common/duration';
import type { PrivacyPolicy } from '../../policies';
import type { RightsRequestEntity } from './entities/rights-request.entity';
import type { LedgerStore } from './ledger.store';
import type { RightsService } from './rights.service';

/** Who submits what the account's life schedules, in the ledger and the audit log. */
export const LIFECYCLE_ACTOR = 'lifecycle';
const LIFECYCLE: Principal = { sub: LIFECYCLE_ACTOR, roles: [] };

/** What one pass of the lifecycle scheduled as of a day: the erasures it submitted. */
export interface LifecyclePass {
  erasures: string[];
}

/**
 * The account's life as the policy tells it (DESIGN.md, "Time"): events that schedule ordinary
 * requests, never a second deletion path. A closure is a CLOSURE request (every subgraph records
 * it, profile marks the account CLOSED); the erasure it schedules is an ordinary ERASURE,
 * submitted when the closure completes if the policy says "at once" (veloraqenvi), otherwise by
 * the first sweep on or after the closure's day plus `policy.closure.eraseAfter` (ophelantyra).
 * The sweep also catches up an erasure a crash made the completion miss.
 */
export class LifecycleService {
  constructor(
    private readonly store: LedgerStore,
    private readonly rights: RightsService,
    private readonly policy: PrivacyPolicy,
  ) {}

  /**
   * The closure request (the first one, if asked again). `receivedAt`: when the subject asked,
   * if earlier than now (a dpo recording a closure asked by letter); the periods run from it.
   */
  close(subjectId: string, reason: string | null, principal: Principal, receivedAt = new Date()): Promise<string> {
    return this.rights.submit({
      type: 'CLOSURE',
      subjectId,
      details: { closedAt: receivedAt.toISOString() },
      reason,
      principal,
      receivedAt,
    });
  }

  /** Called by the fan-out when a request completes: a closure the policy erases at once. */
  async completed(request: RightsRequestEntity): Promise<void> {
    if (request.type !== 'CLOSURE' || this.policy.closure.eraseAfter !== 'P0D') return;
    await this.eraseClosed(request);
  }

  /** What is due as of `asOf` (YYYY-MM-DD): run by the sweep before its legs. */
  async due(asOf: string): Promise<LifecyclePass> {
    const nextDay = new Date(Date.parse(`${asOf}T00:00:00Z`) + 86_400_000);
    // A closure of day D is due on the sweep of D + eraseAfter: received before the next day minus it.
    const closures = await this.store.closuresAwaitingErasure(
      subtractDuration(nextDay, this.policy.closure.eraseAfter),
    );
    const erasures: string[] = [];
    for (const closure of closures) {
      const id = await this.eraseClosed(closure);
      if (id) erasures.push(id);
    }
    return { erasures };
  }

  /** The ordinary erasure a closure schedules; null when there is nothing left to erase. */
  private async eraseClosed(closure: RightsRequestEntity): Promise<string | null> {
    try {
      return await this.rights.submit({
        type: 'ERASURE',
        subjectId: closure.subjectId,
        details: {},
        reason: `Account closed on ${isoDate(closure.receivedAt)} (request ${closure.id}): erasure as the policy schedules it.`,
        principal: LIFECYCLE,
      });
    } catch (error) {
      // Erased meanwhile (by a request of their own): the closure's erasure is done.
      if (error instanceof GraphQLError && error.extensions.code === 'ALREADY_ERASED') return null;
      throw error;
    }
  }
}
