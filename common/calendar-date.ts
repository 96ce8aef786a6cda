import { badUserInput } from './errors';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The length of a calendar day in milliseconds (UTC has no daylight saving). */
export const DAY_MS = 86_400_000;

/**
 * The instant a calendar date (YYYY-MM-DD) begins: its midnight UTC, the instant every date
 * argument (a sweep's `asOf`, a seed's reference date) stands for. Not a check: parseCalendarDate
 * refuses what is not a date, this gives Invalid Date.
 */
export function dayStart(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** The instant the day after a YYYY-MM-DD date begins: the end of that date. */
export function nextDay(date: string): Date {
  return new Date(dayStart(date).getTime() + DAY_MS);
}

/** The day before a YYYY-MM-DD date, as YYYY-MM-DD. */
export function dayBefore(date: string): string {
  return new Date(dayStart(date).getTime() - DAY_MS).toISOString().slice(0, 10);
}

/** The midnight UTC that begins the day of an instant (today's, given `new Date()`). */
export function midnightUtc(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/**
 * A calendar date (YYYY-MM-DD) as the instant a sweep applies the rules as of: its midnight UTC.
 * Refuses what is not a real date (2026-02-30, 26-1-1): null here, an error with a code below.
 */
export function parseCalendarDate(value: string): Date | null {
  const m = DATE.exec(value.trim());
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value.trim() ? date : null;
}

export function calendarDate(value: string, argumentName: string): Date {
  const date = parseCalendarDate(value);
  if (!date) throw badUserInput(`"${argumentName}" is not a date (YYYY-MM-DD is expected)`, argumentName);
  return date;
}

/**
 * A calendar date that is not yet today anywhere on Earth (the latest clocks run 14 hours ahead
 * of UTC): what "must not be in the future" means for a date a person types, who may be a day
 * ahead of the server's UTC date (a dpo in Paris after 23:00 UTC).
 */
export function isFutureDate(date: Date, now: Date): boolean {
  return date.getTime() > midnightUtc(new Date(now.getTime() + 14 * 3_600_000)).getTime();
}

/** The zone the day is counted in when RETENTION_TIME_ZONE is unset or empty. */
const DEFAULT_DAY_ZONE = 'Europe/Paris';

/**
 * The IANA time zone the service counts days in (RETENTION_TIME_ZONE, default Europe/Paris):
 * the sweep's time and day in `requests`, a birthday in `profile` (someone turns 18 on their
 * birthday in France, not at the next midnight UTC). One reader for both, so the two services
 * cannot count a day differently, and a zone the runtime does not know stops the service at
 * start with the variable's name, instead of a RangeError at the first birthday counted.
 */
export function dayZoneFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const zone = env.RETENTION_TIME_ZONE?.trim() || DEFAULT_DAY_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new Error('RETENTION_TIME_ZONE must be an IANA time zone such as Europe/Paris');
  }
  return zone;
}

/** The date (YYYY-MM-DD) of an instant in a time zone (Europe/Paris...). */
export function dateIn(timeZone: string, at: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Minutes since midnight of an instant in a time zone. */
export function minutesIn(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(at)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return Number(parts.hour) * 60 + Number(parts.minute);
}
