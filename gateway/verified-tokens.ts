import type { Principal } from '../common/access';
import { BoundedMap } from '../common/bounded-map';

/**
 * Callers' tokens verified lately, by their exact text, with the principal each gave and its
 * expiry (decision 333). A caller sends the same token for as long as it lives (export tooling,
 * the desk, a portal's session), and verifying it again can only give the same answer until it
 * expires: the keys are read once at start, and a token's text is covered by its signature, so
 * a single byte changed is another key here and goes through the whole check. What is kept
 * is a success only; a refused token is checked again each time, and its reason given.
 *
 * Bounded: the least recently used token leaves first, so a flood of distinct tokens costs what
 * it did without the cache (each is verified) and holds at most `capacity` entries.
 */
export class VerifiedTokens {
  private readonly entries: BoundedMap<string, { principal: Principal; expiresAt: number }>;

  constructor(capacity: number) {
    this.entries = new BoundedMap(capacity);
  }

  /** The principal of a token verified before and not expired at `now`; undefined otherwise. */
  get(token: string, now: number): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    // Expired: forgotten, so the full check runs and says why it is refused.
    if (now >= entry.expiresAt) return undefined;
    this.entries.set(token, entry);
    return entry.principal;
  }

  /** Remembers a verified token until `expiresAt` (ms). The principal is frozen: requests share it. */
  remember(token: string, principal: Principal, expiresAt: number): Principal {
    const frozen = Object.freeze({ ...principal, roles: Object.freeze([...principal.roles]) });
    this.entries.delete(token);
    this.entries.set(token, { principal: frozen, expiresAt });
    return frozen;
  }

  get size(): number {
    return this.entries.size;
  }
}
