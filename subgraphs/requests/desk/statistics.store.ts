import type { DataSource } from 'typeorm';
import { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { OPEN_STATUSES, type RequestStatus, type RequestType } from '../ledger/request.enums';

/**
 * The requests of one type and month received that took the same time to answer (in tenths of a
 * day, rounded half up; null: not answered), counted by the database.
 */
export interface StatisticBucket {
  type: RequestType;
  /** YYYY-MM, UTC. */
  month: string;
  tenths: number | null;
  received: number;
  completed: number;
  rejected: number;
  extended: number;
  overdue: number;
}

const ANSWERED: readonly RequestStatus[] = ['COMPLETED', 'REJECTED'];
/** Half a tenth of a day and a tenth of a day, in ms: tenths = (ms + HALF) DIV TENTH. */
const HALF_TENTH_MS = 4_320_000;
const TENTH_MS = 8_640_000;

/** What differs between MySQL/MariaDB and SQLite; times exact to the millisecond on both. */
interface Dialect {
  month(column: string): string;
  msBetween(from: string, to: string): string;
  /** Integer division of non-negative integers. */
  div(a: string, b: number): string;
}

const MYSQL: Dialect = {
  month: (c) => `DATE_FORMAT(${c}, '%Y-%m')`,
  msBetween: (a, b) => `(TIMESTAMPDIFF(MICROSECOND, ${a}, ${b}) DIV 1000)`,
  div: (a, b) => `(${a} DIV ${b})`,
};

/** SQLite keeps these columns as 'YYYY-MM-DD HH:MM:SS.SSS' text (UTC): whole seconds, then the milliseconds. */
const sqliteMs = (c: string) =>
  `(CAST(strftime('%s', ${c}) AS INTEGER) * 1000 + CAST(substr(strftime('%f', ${c}), 4, 3) AS INTEGER))`;
const SQLITE: Dialect = {
  month: (c) => `strftime('%Y-%m', ${c})`,
  msBetween: (a, b) => `(${sqliteMs(b)} - ${sqliteMs(a)})`,
  // Two integers: SQLite's `/` divides as integers.
  div: (a, b) => `(${a} / ${b})`,
};

/**
 * The request statistics, counted by the database (decision 335): what comes back is a row per
 * type, month and distinct answer time (in tenths of a day, what the statistics show), however
 * many requests the window holds. It read every request of the window (up to 800 days of them)
 * into memory before.
 */
export class StatisticsStore {
  private readonly sql: Dialect;

  constructor(private readonly ds: DataSource) {
    this.sql = ds.options.type === 'mysql' ? MYSQL : SQLITE;
  }

  /**
   * The requests received in [from, to) of these types, in buckets; overdue as of `asOf`. One
   * statement, so the counts and the answer times are of the same moment.
   */
  async buckets(from: Date, to: Date, types: readonly RequestType[], asOf: Date): Promise<StatisticBucket[]> {
    const count = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
    const taken = this.sql.msBetween('r.received_at', 'r.completed_at');
    const rows = await this.ds
      .getRepository(RightsRequestEntity)
      .createQueryBuilder('r')
      .select('r.type', 'type')
      .addSelect(this.sql.month('r.received_at'), 'month')
      .addSelect(
        `CASE WHEN r.completed_at IS NOT NULL AND r.status IN (:...answered) ` +
          `THEN ${this.sql.div(`(${taken} + ${HALF_TENTH_MS})`, TENTH_MS)} ELSE NULL END`,
        'tenths',
      )
      .addSelect('COUNT(*)', 'received')
      .addSelect(count(`r.status = 'COMPLETED'`), 'completed')
      .addSelect(count(`r.status = 'REJECTED'`), 'rejected')
      .addSelect(count('r.extended_months > 0'), 'extended')
      // Answered after the due date, or still open and past it.
      .addSelect(
        count(
          '(r.completed_at IS NOT NULL AND r.completed_at > r.due_at) OR ' +
            '(r.completed_at IS NULL AND r.status IN (:...open) AND r.due_at < :asOf)',
        ),
        'overdue',
      )
      .where('r.received_at >= :from AND r.received_at < :to', { from, to })
      .andWhere('r.type IN (:...types)', { types: [...types, '-'] })
      .groupBy('r.type')
      .addGroupBy('month')
      .addGroupBy('tenths')
      .setParameters({ answered: ANSWERED, open: OPEN_STATUSES, asOf })
      .getRawMany<Record<keyof StatisticBucket, string | number | null>>();
    return rows.map((r) => ({
      type: r.type as RequestType,
      month: String(r.month),
      tenths: r.tenths === null ? null : Number(r.tenths),
      received: Number(r.received),
      completed: Number(r.completed),
      rejected: Number(r.rejected),
      extended: Number(r.extended),
      overdue: Number(r.overdue),
    }));
  }
}
