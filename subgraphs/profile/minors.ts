import { dateIn, dayStart, midnightUtc } from '../../common/calendar-date';
import { isoDate, subtractDuration } from '../../common/duration';
import type { PrivacyPolicy } from '../../policies';

/**
 * The latest birth date (YYYY-MM-DD) of someone of the policy's minimum age on the day of `at`
 * (18 ophelantyra, 16 veloraqenvi): born on or before it, of age; after it, a minor.
 */
export function adultBornBy(policy: PrivacyPolicy, at: Date): string {
  return isoDate(subtractDuration(midnightUtc(at), `P${policy.minimumAge}Y`));
}

/**
 * The zone the day is counted in, as the sweep counts it (RETENTION_TIME_ZONE, default
 * Europe/Paris): someone turns 18 on their birthday in France, not at the next midnight UTC.
 */
const DAY_ZONE = process.env.RETENTION_TIME_ZONE?.trim() || 'Europe/Paris';

/** `adultBornBy` for today, in the zone the day is counted in. */
export function adultBornByToday(policy: PrivacyPolicy, now: Date): string {
  return adultBornBy(policy, dayStart(dateIn(DAY_ZONE, now)));
}
