/**
 * Rate limits: a per-caller budget of requests and of full exports a minute, refused with
 * RATE_LIMITED (HTTP 429, Retry-After) once spent.
 */
import type { GraphQLError } from 'graphql';
import { BoundedMap } from '../../common/bounded-map';
import { fail } from '../../common/errors';
import type { Principal } from '../../common/access';
import type { Limits } from './limits.config';

const WINDOW_MS = 60_000;
/** Callers tracked at once per budget; past this, the oldest window is forgotten (its caller starts afresh). */
const MAX_TRACKED = 100_000;

interface Window {
  start: number;
  count: number;
}

/**
 * A fixed 60 s window per key, opened by the key's first request: O(1) memory per key and an
 * exact Retry-After (a caller may get up to twice the limit across a window boundary, never
 * more). Windows are kept in the order they opened (a renewed one is re-inserted), so expired
 * ones are all at the front and each call drops them: only the callers of the last minute
 * are kept, and never more than `maxTracked`.
 */
class WindowBudget {
  private readonly windows: BoundedMap<string, Window>;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
    maxTracked: number,
  ) {
    this.windows = new BoundedMap(maxTracked);
  }

  /** Takes one from `key`'s budget: 0, or the seconds to wait when there is none left. */
  take(key: string): number {
    const now = this.now();
    for (const [k, w] of this.windows) {
      if (now - w.start < WINDOW_MS) break;
      this.windows.delete(k);
    }
    let window = this.windows.get(key);
    if (!window) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count >= this.perMinute) return Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
    window.count++;
    return 0;
  }

  get size(): number {
    return this.windows.size;
  }
}

export function rateLimited(message: string, retryAfterSeconds: number): GraphQLError {
  return fail('RATE_LIMITED', `${message} Try again in ${retryAfterSeconds} s.`, {
    http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
  });
}

export interface RateLimiterOptions {
  /** Milliseconds from a monotonic clock (tests pass their own). */
  now?: () => number;
  maxTracked?: number;
}

/** Per-principal request budget, checked once the caller is known. */
export class RateLimiter {
  private readonly requests: WindowBudget;
  private readonly exports: WindowBudget;

  constructor(
    protected readonly limits: Limits,
    options: RateLimiterOptions = {},
  ) {
    const now = options.now ?? (() => performance.now());
    this.requests = new WindowBudget(limits.requestsPerMinute, now, options.maxTracked ?? MAX_TRACKED);
    this.exports = new WindowBudget(limits.exportsPerMinute, now, options.maxTracked ?? MAX_TRACKED);
  }

  /** What the gateway calls: the budget of this limiter's store (here, this process's memory). */
  async admitRequest(principal: Principal): Promise<void> {
    this.takeRequest(principal);
  }

  /** What the gateway calls for a full export. */
  async admitExport(principal: Principal): Promise<void> {
    this.takeExport(principal);
  }

  /** Throws RATE_LIMITED when the principal has no request left this minute. */
  takeRequest(principal: Principal): void {
    const wait = this.requests.take(principal.sub);
    if (wait > 0)
      throw rateLimited(`Too many requests: at most ${this.limits.requestsPerMinute} a minute per caller.`, wait);
  }

  /** Throws RATE_LIMITED when the principal has no full export left this minute. */
  takeExport(principal: Principal): void {
    const wait = this.exports.take(principal.sub);
    if (wait > 0)
      throw rateLimited(`Too many full exports: at most ${this.limits.exportsPerMinute} a minute per caller.`, wait);
  }

  /** Lets go of what the limiter holds (the in-memory one holds nothing outside this process). */
  async close(): Promise<void> {}

  /** Callers currently tracked, per budget (what memory the limiter holds). */
  get tracked(): { requests: number; exports: number } {
    return { requests: this.requests.size, exports: this.exports.size };
  }
}
