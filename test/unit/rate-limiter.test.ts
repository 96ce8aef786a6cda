import { GraphQLError } from 'graphql';
import type { Principal } from '../../common/access';
import { DEFAULT_LIMITS, type Limits } from '../../gateway/limits/limits.config';
import { RateLimiter } from '../../gateway/limits/rate-limiter';

/** The rate window on its own, with a clock of its own. */

function thrown(fn: () => void): GraphQLError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error('expected a GraphQLError');
}

const limits: Limits = { ...DEFAULT_LIMITS, requestsPerMinute: 3, exportsPerMinute: 1 };
const alice: Principal = { sub: 'alice@example.fr', roles: ['dpo'] };
const bob: Principal = { sub: 'bob@example.fr', roles: ['dpo'] };

describe('the rate limiter', () => {
  it('refuses the request past the limit with 429, a Retry-After and nothing about the caller; a new minute starts afresh', () => {
    let now = 0;
    const limiter = new RateLimiter(limits, { now: () => now });
    for (let i = 0; i < 3; i++) limiter.takeRequest(alice);
    now = 20_000;
    const error = thrown(() => limiter.takeRequest(alice));
    expect(error.extensions.code).toBe('RATE_LIMITED');
    const http = error.extensions.http as { status: number; headers: Map<string, string> };
    expect(http.status).toBe(429);
    expect(http.headers.get('retry-after')).toBe('40');
    expect(error.message).toBe('Too many requests: at most 3 a minute per caller. Try again in 40 s.');
    expect(error.message).not.toContain('alice');
    limiter.takeRequest(bob);
    now = 60_000;
    limiter.takeRequest(alice);
  });

  it('opens the window at the first request: refused 1 ms before its minute ends, served at its end', () => {
    let now = 5_000;
    const limiter = new RateLimiter(limits, { now: () => now });
    for (let i = 0; i < 3; i++) limiter.takeRequest(alice);
    now = 64_999;
    // Less than a second left still says 1 s, never 0.
    expect(thrown(() => limiter.takeRequest(alice)).message).toMatch(/Try again in 1 s\.$/);
    now = 65_000;
    expect(() => limiter.takeRequest(alice)).not.toThrow();
  });

  it('rounds Retry-After up to the whole second', () => {
    let now = 0;
    const limiter = new RateLimiter(limits, { now: () => now });
    for (let i = 0; i < 3; i++) limiter.takeRequest(alice);
    now = 20_001;
    const http = thrown(() => limiter.takeRequest(alice)).extensions.http as { headers: Map<string, string> };
    expect(http.headers.get('retry-after')).toBe('40');
  });

  it('counts refused requests against nothing: the limit, not one more, is served in the next window', () => {
    let now = 0;
    const limiter = new RateLimiter(limits, { now: () => now });
    for (let i = 0; i < 3; i++) limiter.takeRequest(alice);
    for (let i = 0; i < 5; i++) thrown(() => limiter.takeRequest(alice));
    now = 60_000;
    for (let i = 0; i < 3; i++) limiter.takeRequest(alice);
    expect(thrown(() => limiter.takeRequest(alice)).extensions.code).toBe('RATE_LIMITED');
  });

  it('keeps exports on a budget of their own', () => {
    const limiter = new RateLimiter(limits, { now: () => 0 });
    limiter.takeExport(alice);
    expect(thrown(() => limiter.takeExport(alice)).message).toBe(
      'Too many full exports: at most 1 a minute per caller. Try again in 60 s.',
    );
    limiter.takeRequest(alice);
    limiter.takeExport(bob);
  });

  it('forgets the callers of past minutes, and never tracks more than its cap', () => {
    let now = 0;
    const limiter = new RateLimiter(limits, { now: () => now, maxTracked: 100 });
    for (let i = 0; i < 100; i++) limiter.takeRequest({ sub: `caller-${i}`, roles: ['dpo'] });
    expect(limiter.tracked.requests).toBe(100);
    for (let i = 100; i < 1000; i++) limiter.takeRequest({ sub: `caller-${i}`, roles: ['dpo'] });
    expect(limiter.tracked.requests).toBe(100);
    now = 61_000;
    limiter.takeRequest(alice);
    expect(limiter.tracked).toEqual({ requests: 1, exports: 0 });
  });
});
