import { dayZoneFromEnv } from '../../../common/calendar-date';
/** When the daily sweep runs (README, "Retention"): every value can be set from the environment. */
export interface RetentionSettings {
  /** Minutes after midnight, in `timeZone` (RETENTION_AT=03:00). */
  at: number;
  /** IANA time zone the time and the day are counted in (RETENTION_TIME_ZONE=Europe/Paris). */
  timeZone: string;
  /** RETENTION_SCHEDULE=off: no sweep on its own (the tests; a deployment that runs it from cron). */
  scheduled: boolean;
  /** How often the service looks whether a sweep is due. */
  checkIntervalMs: number;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function retentionSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): RetentionSettings {
  const at = env.RETENTION_AT ?? '03:00';
  const m = TIME.exec(at);
  if (!m) throw new Error('RETENTION_AT must be a time of day, HH:MM (24 h)');
  const timeZone = dayZoneFromEnv(env);
  const schedule = (env.RETENTION_SCHEDULE ?? 'on').toLowerCase();
  if (schedule !== 'on' && schedule !== 'off') throw new Error('RETENTION_SCHEDULE must be "on" or "off"');
  const interval = Number(env.RETENTION_CHECK_INTERVAL_MS ?? 60_000);
  if (!Number.isInteger(interval) || interval < 1)
    throw new Error('RETENTION_CHECK_INTERVAL_MS must be a positive whole number');
  return { at: Number(m[1]) * 60 + Number(m[2]), timeZone, scheduled: schedule === 'on', checkIntervalMs: interval };
}
