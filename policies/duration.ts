/**
 * The periods a policy states: ISO 8601 durations of years, months and days (P1M, P15D, P7Y).
 * Reading them is here, with the policies; calendar arithmetic on them is in common/duration.ts.
 */
const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/;

export interface DurationParts {
  years: number;
  months: number;
  days: number;
}

export function parseDuration(duration: string): DurationParts {
  const m = DURATION.exec(duration);
  if (!m || duration === 'P') throw new Error(`"${duration}" is not a duration of years, months and days`);
  return { years: Number(m[1] ?? 0), months: Number(m[2] ?? 0), days: Number(m[3] ?? 0) };
}

/** "P7Y" -> "7 years", "P15D" -> "15 days": for documents people read. */
export function describeDuration(d: string): string {
  const m = DURATION.exec(d);
  if (!m) return d;
  const parts: string[] = [];
  const unit = (n: string | undefined, one: string) => {
    if (n) parts.push(`${n} ${one}${n === '1' ? '' : 's'}`);
  };
  unit(m[1], 'year');
  unit(m[2], 'month');
  unit(m[3], 'day');
  return parts.join(' ');
}
