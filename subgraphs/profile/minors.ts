import { dateIn, dayStart, dayZoneFromEnv, midnightUtc } from '../../common/calendar-date';
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
 * The zone the day is counted in, as the sweep counts it (common/calendar-date.ts): read once,
 * when the service starts, which it refuses to do with a zone the runtime does not know.
 */
const DAY_ZONE = dayZoneFromEnv();

/** `adultBornBy` for today, in the zone the day is counted in. */
export function adultBornByToday(policy: PrivacyPolicy, now: Date): string {
  return adultBornBy(policy, dayStart(dateIn(DAY_ZONE, now)));
}
