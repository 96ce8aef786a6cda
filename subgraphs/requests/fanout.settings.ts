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
}

export const DEFAULT_FANOUT: FanoutSettings = {
  workerIntervalMs: 1000,
  retryBaseMs: 2000,
  retryMaxMs: 300_000,
  maxAttempts: 10,
  callTimeoutMs: 4000,
  syncWaitMs: 6000,
};

const VARIABLES: Record<keyof FanoutSettings, string> = {
  workerIntervalMs: 'REQUESTS_WORKER_INTERVAL_MS',
  retryBaseMs: 'REQUESTS_RETRY_BASE_MS',
  retryMaxMs: 'REQUESTS_RETRY_MAX_MS',
  maxAttempts: 'REQUESTS_MAX_ATTEMPTS',
  callTimeoutMs: 'REQUESTS_CALL_TIMEOUT_MS',
  syncWaitMs: 'REQUESTS_SYNC_WAIT_MS',
};

export function fanoutSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): FanoutSettings {
  const settings = { ...DEFAULT_FANOUT };
  for (const [key, name] of Object.entries(VARIABLES) as Array<[keyof FanoutSettings, string]>) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
    settings[key] = value;
  }
  return settings;
}

/** Delay before attempt n+1 after n failed attempts: base, 2×base, 4×base... capped. */
export function retryDelay(settings: FanoutSettings, attempts: number): number {
  return Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attempts - 1));
}
