import { DAY_MS } from '../../../common/calendar-date';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { OPEN_STATUSES, type RequestType } from '../ledger/request.enums';
import type { RequestStatistic } from './types/desk.types';

/** Not a subject's right: the sweeps and the holds a dpo places are not counted. */
export const NOT_COUNTED: readonly RequestType[] = ['RETENTION', 'LEGAL_HOLD', 'HOLD_RELEASE'];

type Row = Pick<RightsRequestEntity, 'type' | 'status' | 'receivedAt' | 'dueAt' | 'completedAt' | 'extendedMonths'>;

/** Nearest rank: the smallest value with at least p of the values at or below it. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

/** Days with one decimal, as an authority reads them. */
const days = (ms: number) => Math.round((ms / DAY_MS) * 10) / 10;

/** Per type and month received (UTC): counts, and days to answer of the answered ones. */
export function requestStatistics(rows: readonly Row[], asOf: Date): RequestStatistic[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.type}|${r.receivedAt.toISOString().slice(0, 7)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => {
      const [ta, ma] = a.split('|');
      const [tb, mb] = b.split('|');
      return ma === mb ? ta.localeCompare(tb) : ma.localeCompare(mb);
    })
    .map(([key, group]) => {
      const [type, month] = key.split('|');
      const answered = group.filter((r) => r.completedAt && (r.status === 'COMPLETED' || r.status === 'REJECTED'));
      const taken = answered
        .map((r) => (r.completedAt as Date).getTime() - r.receivedAt.getTime())
        .sort((a, b) => a - b);
      const late = (r: Row) =>
        r.completedAt ? r.completedAt > r.dueAt : OPEN_STATUSES.includes(r.status) && r.dueAt < asOf;
      const median = percentile(taken, 0.5);
      const p95 = percentile(taken, 0.95);
      return {
        type: type as RequestType,
        month,
        received: group.length,
        completed: group.filter((r) => r.status === 'COMPLETED').length,
        rejected: group.filter((r) => r.status === 'REJECTED').length,
        extended: group.filter((r) => r.extendedMonths > 0).length,
        overdue: group.filter(late).length,
        medianDaysToAnswer: median === null ? null : days(median),
        p95DaysToAnswer: p95 === null ? null : days(p95),
      };
    });
}
