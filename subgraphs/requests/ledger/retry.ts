import type { FanoutSettings } from './ledger.settings';

/** Delay before attempt n+1 after n failed attempts: base, 2×base, 4×base... capped. */
export function retryDelay(settings: Pick<FanoutSettings, 'retryBaseMs' | 'retryMaxMs'>, attempts: number): number {
  return Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * When a leg that has just failed its `attempts`-th attempt is tried again, or null when it is
 * not: the subgraph refused in a way retrying cannot change, or that was the last attempt
 * allowed (the leg, and its request, are then FAILED until retryRequest).
 */
export function nextAttemptAt(
  settings: Pick<FanoutSettings, 'retryBaseMs' | 'retryMaxMs' | 'maxAttempts'>,
  attempts: number,
  retryable: boolean,
  now: Date,
): Date | null {
  if (!retryable || attempts >= settings.maxAttempts) return null;
  return new Date(now.getTime() + retryDelay(settings, attempts));
}
