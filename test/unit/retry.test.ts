import { nextAttemptAt, retryDelay } from '../../subgraphs/requests/ledger/retry';

/** The worker's backoff: when a failed leg is tried again, and when it is given up. */

const settings = { retryBaseMs: 2000, retryMaxMs: 300_000, maxAttempts: 10 };

describe('the delay before the next attempt', () => {
  it('is the base after the first failure, then doubles', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(settings, n))).toEqual([2000, 4000, 8000, 16_000, 32_000]);
  });

  it('is the base, never less, before any failure was counted', () => {
    expect(retryDelay(settings, 0)).toBe(2000);
  });

  it('stops at the cap: just under it, at it, and from then on', () => {
    // 2000 × 2^7 = 256 000 (under), 2^8 → 512 000, capped at 300 000.
    expect(retryDelay(settings, 8)).toBe(256_000);
    expect(retryDelay(settings, 9)).toBe(300_000);
    expect(retryDelay({ retryBaseMs: 1000, retryMaxMs: 8000 }, 4)).toBe(8000);
    expect(retryDelay(settings, 2000)).toBe(300_000);
  });
});

describe('the next attempt of a failed leg', () => {
  const now = new Date('2026-03-01T10:00:00Z');

  it('is now plus the delay while attempts remain', () => {
    expect(nextAttemptAt(settings, 1, true, now)).toEqual(new Date('2026-03-01T10:00:02Z'));
    expect(nextAttemptAt(settings, 3, true, now)).toEqual(new Date('2026-03-01T10:00:08Z'));
  });

  it('is still scheduled after the last-but-one attempt, and none after the last', () => {
    expect(nextAttemptAt(settings, 9, true, now)).toEqual(new Date(now.getTime() + 300_000));
    expect(nextAttemptAt(settings, 10, true, now)).toBeNull();
    expect(nextAttemptAt(settings, 11, true, now)).toBeNull();
  });

  it('is none at all for a refusal retrying cannot change, even at the first attempt', () => {
    expect(nextAttemptAt(settings, 1, false, now)).toBeNull();
  });
});
