/**
 * Where the demo population puts records around each retention period (issue 10): one just
 * expired, one just not yet, as of the seed's reference date, so that a dry run of `npm start`'s
 * data shows every rule at work. The periods are read from the policy files, so the data follows
 * a period changed there. Both policies' periods are laid out: the same data serves either.
 */
import { POLICIES, type Duration, type PrivacyPolicy, type RetentionRule } from '../../policies';
import { subtractDuration } from '../duration';
import { DAY_MS } from '../calendar-date';

/** A record of each side of one period: `expired` is due as of the reference date, `notYet` is not. */
export interface Boundary {
  period: Duration;
  expired: Date;
  notYet: Date;
}

/** 10:00 the day before the cutoff, and 10:00 the day after: one day on each side. */
export function boundary(now: Date, period: Duration): Boundary {
  const cutoff = subtractDuration(now, period);
  const tenOClock = 10 * 3_600_000;
  return {
    period,
    expired: new Date(cutoff.getTime() - DAY_MS + tenOClock),
    notYet: new Date(cutoff.getTime() + DAY_MS + tenOClock),
  };
}

/** The distinct periods a rule has across the policies (7 and 10 years for accounting...), longest first. */
export function periodsOf(rule: (policy: PrivacyPolicy) => RetentionRule | undefined): Duration[] {
  const periods = new Set<Duration>();
  for (const policy of Object.values(POLICIES)) {
    const period = rule(policy)?.period;
    if (period) periods.add(period);
  }
  const reference = new Date('2000-01-01T00:00:00Z');
  return [...periods].sort(
    (a, b) => subtractDuration(reference, a).getTime() - subtractDuration(reference, b).getTime(),
  );
}

/** Both sides of every period a rule has in either policy. */
export function boundariesOf(now: Date, rule: (policy: PrivacyPolicy) => RetentionRule | undefined): Boundary[] {
  return periodsOf(rule).map((period) => boundary(now, period));
}
