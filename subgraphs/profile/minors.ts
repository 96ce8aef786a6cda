import { midnightUtc } from '../../common/calendar-date';
import { isoDate, subtractDuration } from '../../common/duration';
import type { PrivacyPolicy } from '../../policies';

/**
 * The latest birth date (YYYY-MM-DD) of someone of the policy's minimum age on the day of `at`
 * (18 ophelantyra, 16 veloraqenvi): born on or before it, of age; after it, a minor.
 */
export function adultBornBy(policy: PrivacyPolicy, at: Date): string {
  return isoDate(subtractDuration(midnightUtc(at), `P${policy.minimumAge}Y`));
}
