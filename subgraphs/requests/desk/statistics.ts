import type { RequestType } from '../ledger/request.enums';
import type { StatisticBucket } from './statistics.store';
import type { RequestStatistic } from './types/desk.types';

/** Not a subject's right: the sweeps and the holds a dpo places are not counted. */
export const NOT_COUNTED: readonly RequestType[] = ['RETENTION', 'LEGAL_HOLD', 'HOLD_RELEASE'];

/** Nearest rank over a histogram: the smallest value with at least p of the counts at or below it. */
export function percentileOf(histogram: ReadonlyArray<{ value: number; count: number }>, p: number): number | null {
  const sorted = [...histogram].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, h) => sum + h.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const h of sorted) {
    seen += h.count;
    if (seen >= rank) return h.value;
  }
  return sorted[sorted.length - 1].value;
}

/**
 * Per type and month received (UTC), sorted by month then type: the buckets' counts summed, and
 * the median and p95 days to answer from the answered buckets (tenths of a day, rounded half up:
 * the nearest rank of rounded times is the rounded nearest rank, since rounding keeps order).
 */
export function requestStatistics(buckets: readonly StatisticBucket[]): RequestStatistic[] {
  const groups = new Map<string, { stat: RequestStatistic; times: Array<{ value: number; count: number }> }>();
  for (const b of buckets) {
    const key = `${b.month}|${b.type}`;
    let group = groups.get(key);
    if (!group) {
      const stat: RequestStatistic = {
        type: b.type,
        month: b.month,
        received: 0,
        completed: 0,
        rejected: 0,
        extended: 0,
        overdue: 0,
        medianDaysToAnswer: null,
        p95DaysToAnswer: null,
      };
      groups.set(key, (group = { stat, times: [] }));
    }
    const { stat } = group;
    stat.received += b.received;
    stat.completed += b.completed;
    stat.rejected += b.rejected;
    stat.extended += b.extended;
    stat.overdue += b.overdue;
    if (b.tenths !== null) group.times.push({ value: b.tenths, count: b.received });
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, { stat, times }]) => {
      const median = percentileOf(times, 0.5);
      const p95 = percentileOf(times, 0.95);
      return {
        ...stat,
        medianDaysToAnswer: median === null ? null : median / 10,
        p95DaysToAnswer: p95 === null ? null : p95 / 10,
      };
    });
}
