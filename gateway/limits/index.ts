/**
 * The gateway's hardening limits, one file a role; this re-exports what the rest of the code
 * imports, so `from './limits'` / `'../gateway/limits'` keep working unchanged.
 */
export { DEFAULT_LIMITS, limitsFromEnv, type Limits } from './limits.config';
export { checkTokenLimit, countTokens, LIMIT_MESSAGES, limitValidationRules, measureQuery } from './shape-limits';
export { bodyErrorHandler } from './body-errors';
export { RateLimiter } from './rate-limiter';
export { rateLimiterFor, RedisRateLimiter } from './redis-limiter';
export { fullExportDetector } from './full-export';
export { limitPlugins } from './limits.plugin';
