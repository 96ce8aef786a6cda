import { dateIn, dayBefore, minutesIn } from '../../../common/calendar-date';
import type { RetentionSettings } from './retention.settings';

/**
 * The day whose sweep is due now, or null (decision 66). The latest slot (RETENTION_AT in the
 * time zone) at or before `now` is due unless its sweep is recorded. A service that was down at
 * its slot therefore runs it when it comes back; days missed before that are covered by it, as a
 * sweep applies every rule up to its date. A ledger that never ran a scheduled sweep starts with
 * the first slot after this service started, not with one from before it existed.
 */
export function dueSweepDate(
  now: Date,
  settings: Pick<RetentionSettings, 'at' | 'timeZone'>,
  lastScheduled: string | null,
  startedAt: Date,
): string | null {
  const today = dateIn(settings.timeZone, now);
  const slot = minutesIn(settings.timeZone, now) >= settings.at ? today : dayBefore(today);
  if (lastScheduled !== null) return lastScheduled < slot ? slot : null;
  const startDate = dateIn(settings.timeZone, startedAt);
  const startedBefore =
    startDate < slot || (startDate === slot && minutesIn(settings.timeZone, startedAt) <= settings.at);
  return startedBefore ? slot : null;
}
