/**
 * Calendar arithmetic on ISO 8601 durations (P1M, P15D, P7Y), in UTC. A month is a calendar
 * month, as Art. 12(3) counts it: 31 January + P1M = 28 (or 29) February, not 3 March. Reading
 * a duration is the policies' (policies/duration.ts).
 */
import { parseDuration } from '../policies/duration';
import { DAY_MS } from './calendar-date';

/** Adds months, clamping the day to the end of a shorter month. */
export function addMonths(date: Date, months: number): Date {
  const target = new Date(
    Date.UTC(
      date.getUTCFullYear(),
      date.getUTCMonth() + months,
      1,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target;
}

export function addDuration(date: Date, duration: string): Date {
  const { years, months, days } = parseDuration(duration);
  const moved = addMonths(date, years * 12 + months);
  return new Date(moved.getTime() + days * DAY_MS);
}

/** Whole months of a duration made of years and months only (P2M -> 2); days are refused. */
export function durationMonths(duration: string): number {
  const { years, months, days } = parseDuration(duration);
  if (days) throw new Error(`"${duration}" is not a whole number of months`);
  return years * 12 + months;
}

/** The calendar day of an instant in UTC, as `YYYY-MM-DD` (how dates without a time are stored and compared). */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The instant `duration` before `date`, in the same calendar arithmetic (31 March - P1M = 28 or 29 February). */
export function subtractDuration(date: Date, duration: string): Date {
  const { years, months, days } = parseDuration(duration);
  const moved = addMonths(date, -(years * 12 + months));
  return new Date(moved.getTime() - days * DAY_MS);
}
