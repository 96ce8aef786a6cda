import { positiveIntegerSettings } from '../../../common/config';

/** How hard the ledger tries: every value can be set from the environment (README, "Rights requests"). */
export interface FanoutSettings {
  /** How often the worker looks for legs to retry. */
  workerIntervalMs: number;
  /** First retry delay; doubled at each attempt... */
  retryBaseMs: number;
  /** ...up to this. */
  retryMaxMs: number;
  /** A leg that failed this many times is FAILED (and its request with it) until retryRequest. */
  maxAttempts: number;
  /** Deadline of one privacy-contract call. */
  callTimeoutMs: number;
  /** How long a mutation waits for its legs before answering (the gateway gives a subgraph 10 s). */
  syncWaitMs: number;
  /** How many runnable legs one pass of the worker takes at once; a full window is followed by the next at once. */
  workerWindow: number;
  /**
   * A request open longer than this, with no attempt under way and waiting for something other
   * than its subject or a date of the policy, is listed by `stalledRequests`.
   */
  stalledAfterMs: number;
}

export const DEFAULT_FANOUT: FanoutSettings = {
  workerIntervalMs: 1000,
  retryBaseMs: 2000,
  retryMaxMs: 300_000,
  maxAttempts: 10,
  callTimeoutMs: 4000,
  syncWaitMs: 6000,
  workerWindow: 20,
  stalledAfterMs: 3_600_000,
};

const VARIABLES: Record<keyof FanoutSettings, string> = {
  workerIntervalMs: 'REQUESTS_WORKER_INTERVAL_MS',
  retryBaseMs: 'REQUESTS_RETRY_BASE_MS',
  retryMaxMs: 'REQUESTS_RETRY_MAX_MS',
  maxAttempts: 'REQUESTS_MAX_ATTEMPTS',
  callTimeoutMs: 'REQUESTS_CALL_TIMEOUT_MS',
  syncWaitMs: 'REQUESTS_SYNC_WAIT_MS',
  workerWindow: 'REQUESTS_WORKER_WINDOW',
  stalledAfterMs: 'REQUESTS_STALLED_AFTER_MS',
};

/** Each setting from its REQUESTS_* variable (a positive integer in digits), the default otherwise. */
export function fanoutSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): FanoutSettings {
  return positiveIntegerSettings(env, VARIABLES, DEFAULT_FANOUT);
}
