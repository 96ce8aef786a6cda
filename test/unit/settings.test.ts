import { dayZoneFromEnv } from '../../common/calendar-date';
import { positiveIntegerSettings } from '../../common/config';
import { retentionSettingsFromEnv } from '../../subgraphs/requests/retention/retention.settings';
import { DEFAULT_LIMITS, limitsFromEnv } from '../../gateway/limits/limits.config';
import { DEFAULT_FANOUT, fanoutSettingsFromEnv } from '../../subgraphs/requests/ledger/ledger.settings';

/** Numeric settings from the environment: one parser for the gateway's limits and the ledger's retries. */

describe('a positive integer setting', () => {
  const read = (raw: string | undefined) => positiveIntegerSettings({ N: raw }, { n: 'N' }, { n: 7 }).n;

  it('keeps the default when the variable is unset or empty', () => {
    expect(read(undefined)).toBe(7);
    expect(read('')).toBe(7);
    expect(read('   ')).toBe(7);
  });

  it('takes digits, from 1 up to the largest safe integer, spaces around ignored', () => {
    expect(read('1')).toBe(1);
    expect(read(' 3 ')).toBe(3);
    expect(read('0001000')).toBe(1000);
    expect(read(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each(['0', '00', '-1', '-0', '+5', '1.5', '1.0', '1e3', '0x10', '1_000', '1 000', 'ten', 'NaN', 'Infinity'])(
    'refuses %p, naming the variable and the value',
    (raw) => {
      expect(() => read(raw)).toThrow(`N must be a positive integer, not "${raw.trim()}"`);
    },
  );

  it('refuses a number past the largest safe integer rather than rounding it', () => {
    expect(() => read(String(Number.MAX_SAFE_INTEGER + 2))).toThrow(/^N must be a positive integer/);
  });
});

describe('limits from the environment (LIMIT_*)', () => {
  it('reads each LIMIT_* variable and keeps the defaults for the others', () => {
    expect(limitsFromEnv({})).toEqual(DEFAULT_LIMITS);
    expect(
      limitsFromEnv({ LIMIT_MAX_DEPTH: '5', LIMIT_EXPORTS_PER_MINUTE: ' 3 ', LIMIT_MAX_BODY_BYTES: '1048576' }),
    ).toEqual({
      ...DEFAULT_LIMITS,
      maxDepth: 5,
      exportsPerMinute: 3,
      maxBodyBytes: 1048576,
    });
  });

  it.each(['0', '-1', '1.5', 'ten', '1e3'])('refuses %s, naming the variable', (value) => {
    expect(() => limitsFromEnv({ LIMIT_MAX_COST: value })).toThrow(/^LIMIT_MAX_COST must be a positive integer/);
  });
});

describe('ledger settings from the environment (REQUESTS_*)', () => {
  it('reads each REQUESTS_* variable and keeps the defaults for the others', () => {
    expect(fanoutSettingsFromEnv({})).toEqual(DEFAULT_FANOUT);
    expect(fanoutSettingsFromEnv({ REQUESTS_MAX_ATTEMPTS: '3', REQUESTS_RETRY_BASE_MS: '50' })).toEqual({
      ...DEFAULT_FANOUT,
      maxAttempts: 3,
      retryBaseMs: 50,
    });
  });

  it.each(['0', '-1', '1.5', 'ten', '1e3'])('refuses %s as the limits do, naming the variable', (value) => {
    expect(() => fanoutSettingsFromEnv({ REQUESTS_CALL_TIMEOUT_MS: value })).toThrow(
      /^REQUESTS_CALL_TIMEOUT_MS must be a positive integer/,
    );
  });
});

describe('the zone days are counted in (RETENTION_TIME_ZONE)', () => {
  it('is Europe/Paris when unset or empty, and the zone given otherwise, spaces around ignored', () => {
    expect(dayZoneFromEnv({})).toBe('Europe/Paris');
    expect(dayZoneFromEnv({ RETENTION_TIME_ZONE: '  ' })).toBe('Europe/Paris');
    expect(dayZoneFromEnv({ RETENTION_TIME_ZONE: ' America/New_York ' })).toBe('America/New_York');
  });

  it('refuses a zone the runtime does not know, naming the variable', () => {
    expect(() => dayZoneFromEnv({ RETENTION_TIME_ZONE: 'Mars/Olympus_Mons' })).toThrow(
      'RETENTION_TIME_ZONE must be an IANA time zone such as Europe/Paris',
    );
    expect(() => retentionSettingsFromEnv({ RETENTION_TIME_ZONE: 'Mars/Olympus_Mons' })).toThrow('RETENTION_TIME_ZONE');
  });
});
