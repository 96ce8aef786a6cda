import type { DataSource } from 'typeorm';
import { ACTIVITY } from './sessions.retention.store';
import type { SessionsActivity } from './types/sessions-activity.type';

/** A DATETIME as the driver gives it: a Date (mysql2) or UTC text (SQLite). */
const asDate = (value: Date | string): Date =>
  value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}${/Z|[+-]\d\d:?\d\d$/.test(value) ? '' : 'Z'}`);

/**
 * The latest activity of each subject here, in one statement whatever the number of ids: the
 * greatest date over every table that records something the subject did (ACTIVITY, the list the
 * session-data rule reads too). A subject with none is left out.
 */
export async function latestActivity(ds: DataSource, ids: readonly string[]): Promise<SessionsActivity[]> {
  if (ids.length === 0) return [];
  const params: Record<string, unknown> = { ids };
  const union = ACTIVITY.map(
    ([table, at]) => `SELECT subject_id, ${at} AS at FROM ${table} WHERE subject_id IN (:...ids)`,
  ).join(' UNION ALL ');
  const [sql, values] = ds.driver.escapeQueryWithParameters(
    `SELECT a.subject_id AS id, MAX(a.at) AS at FROM (${union}) a GROUP BY a.subject_id`,
    params,
  );
  const rows = await ds.query<Array<{ id: string; at: Date | string }>>(sql, values);
  return rows.map((r) => ({ id: r.id, lastActivity: asDate(r.at) }));
}
