import { dateIn, minutesIn } from '../../../common/calendar-date';
import { startLoop } from '../../../common/background-loop';
import type { Background } from '../../../common/subgraph-server';
import type { RetentionService } from './retention.service';
import type { RetentionSettings } from './retention.settings';

/** The day before a YYYY-MM-DD date. */
function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

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

/** Looks every `checkIntervalMs` whether a sweep is due, and claims and starts it. */
export function startRetentionSchedule(service: RetentionService, settings: RetentionSettings): Background {
  if (!settings.scheduled) return { stop: () => Promise.resolve() };
  const startedAt = new Date();
  return startLoop('retention', settings.checkIntervalMs, () => service.scheduledTick(new Date(), startedAt));
}
