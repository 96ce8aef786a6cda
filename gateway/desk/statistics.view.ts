import { createElement as h, useEffect, useState, type ReactElement } from 'react';
import { gql } from './api';
import { errorText, table, type Ctx } from './ui';

interface Stat {
  type: string;
  month: string;
  received: number;
  completed: number;
  rejected: number;
  extended: number;
  overdue: number;
  medianDaysToAnswer: number | null;
  p95DaysToAnswer: number | null;
}
const STATS = `query($from: DateTimeISO!, $to: DateTimeISO!) { requestStatistics(from: $from, to: $to) {
  type month received completed rejected extended overdue medianDaysToAnswer p95DaysToAnswer } }`;

/** Received per month as bars, one rect per month (inline SVG, no library). */
export function chart(title: string, stats: readonly Stat[]): ReactElement {
  const months = [...new Set(stats.map((s) => s.month))].sort();
  const totals = months.map((m) => stats.filter((s) => s.month === m).reduce((n, s) => n + s.received, 0));
  const max = Math.max(1, ...totals);
  const width = 60 * Math.max(1, months.length);
  return h(
    'svg',
    {
      'data-testid': 'statistics-chart',
      role: 'img',
      'aria-label': title,
      width,
      height: 180,
      viewBox: `0 0 ${width} 180`,
    },
    h('title', null, title),
    ...months.map((m, i) => {
      const barHeight = Math.round((totals[i] / max) * 130);
      return h(
        'g',
        { key: m },
        h('rect', { x: i * 60 + 10, y: 150 - barHeight, width: 40, height: barHeight, fill: '#3b6ea5' }),
        h('text', { x: i * 60 + 30, y: 145 - barHeight, 'text-anchor': 'middle', 'font-size': 12 }, String(totals[i])),
        h('text', { x: i * 60 + 30, y: 170, 'text-anchor': 'middle', 'font-size': 11 }, m),
      );
    }),
  );
}

/** The last twelve months: per type and month, and the chart of what came in. */
export function StatisticsView(p: { ctx: Ctx }): ReactElement {
  const { t } = p.ctx;
  const [stats, setStats] = useState<Stat[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    const to = new Date();
    const from = new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth() + 1, 1));
    gql<{ requestStatistics: Stat[] }>(p.ctx.session, STATS, { from: from.toISOString(), to: to.toISOString() }).then(
      (d) => setStats(d.requestStatistics),
      (e: unknown) => setError(errorText(e)),
    );
  }, []);
  if (error) return h('p', { className: 'error' }, error);
  if (!stats) return h('p', null, '…');
  const days = (n: number | null) => (n === null ? '—' : String(n));
  return h(
    'section',
    null,
    h('h3', null, t('chart')),
    chart(t('chart'), stats),
    table(
      'statistics',
      [
        t('month'),
        t('type'),
        t('received'),
        t('completed'),
        t('rejected'),
        t('extended'),
        t('overdue'),
        t('median'),
        t('p95'),
      ],
      stats.map((s) => [
        s.month,
        s.type,
        s.received,
        s.completed,
        s.rejected,
        s.extended,
        s.overdue,
        days(s.medianDaysToAnswer),
        days(s.p95DaysToAnswer),
      ]),
    ),
  );
}
