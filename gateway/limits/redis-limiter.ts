/**
 * Rate limits shared by every gateway replica: with REDIS_URL set, each caller's budgets live in
 * Redis (rate-limiter-flexible's atomic counters over ioredis), so N gateways give a caller the
 * budget of one. Redis down: ordinary requests go through (fail open: the limits protect the
 * service, and refusing every read would be the outage itself), full exports are refused with
 * LIMITS_UNAVAILABLE (fail closed: one is the whole of a person's data).
 */
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Principal } from '../../common/access';
import { errorMessage, fail } from '../../common/errors';
import type { Limits } from './limits.config';
import { RateLimiter, rateLimited } from './rate-limiter';

/** How long the gateway waits for Redis at start before it serves anyway (reads open, exports closed). */
const CONNECT_WAIT_MS = 2000;

export class RedisRateLimiter extends RateLimiter {
  private readonly requestBudget: RateLimiterRedis;
  private readonly exportBudget: RateLimiterRedis;
  private lastWarning = 0;

  constructor(
    limits: Limits,
    private readonly redis: Redis,
  ) {
    super(limits);
    const budget = (name: string, points: number) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: `dsg:limit:${name}`, points, duration: 60 });
    this.requestBudget = budget('requests', limits.requestsPerMinute);
    this.exportBudget = budget('exports', limits.exportsPerMinute);
  }

  override admitRequest(principal: Principal): Promise<void> {
    return this.take(this.requestBudget, principal, 'open', this.limitsText('requests'));
  }

  override admitExport(principal: Principal): Promise<void> {
    return this.take(this.exportBudget, principal, 'closed', this.limitsText('full exports'));
  }

  override async close(): Promise<void> {
    this.redis.disconnect();
  }

  private limitsText(what: 'requests' | 'full exports'): string {
    const n = what === 'requests' ? this.limits.requestsPerMinute : this.limits.exportsPerMinute;
    return `Too many ${what}: at most ${n} a minute per caller.`;
  }

  private async take(budget: RateLimiterRedis, principal: Principal, whenDown: 'open' | 'closed', message: string) {
    try {
      await budget.consume(principal.sub);
    } catch (error) {
      if (error instanceof RateLimiterRes)
        throw rateLimited(message, Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      this.warn(error);
      if (whenDown === 'open') return;
      throw fail(
        'LIMITS_UNAVAILABLE',
        'Full exports are paused for a moment: the shared rate limits cannot be checked. Try again shortly.',
        { http: { status: 503, headers: new Map([['retry-after', '5']]) } },
      );
    }
  }

  /** One line a minute at most while Redis is away. */
  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < 60_000) return;
    this.lastWarning = now;
    process.stderr.write(
      `[limits] Redis unavailable, reads go through and full exports wait: ${errorMessage(error)}\n`,
    );
  }
}

/** The limiter of this gateway: in memory by default, in Redis when a URL is given. */
export async function rateLimiterFor(limits: Limits, redisUrl: string | null): Promise<RateLimiter> {
  if (!redisUrl) return new RateLimiter(limits);
  // No offline queue: a command while Redis is away fails at once instead of holding the caller.
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1000 });
  redis.on('error', () => undefined); // Reported per call (warn), not as an unhandled event.
  // `once` rejects on the first 'error' (Redis refused): then the gateway serves without it for now.
  await Promise.race([
    once(redis, 'ready').catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, CONNECT_WAIT_MS).unref()),
  ]);
  return new RedisRateLimiter(limits, redis);
}
