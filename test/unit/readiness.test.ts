import { reasonOf, runChecks, type ReadinessCheck } from '../../common/readiness';
import { shutdownSettingsFromEnv } from '../../common/shutdown';
import { readySubgraphsFromEnv } from '../../gateway/ready';

/** Readiness checks on their own: timeouts, order, and what a failure may say (common/readiness.ts). */

const ok = (name: string): ReadinessCheck => ({ name, check: () => Promise.resolve() });
const failing = (name: string, code: string, after?: string): ReadinessCheck => ({
  name,
  after,
  check: () => Promise.reject(Object.assign(new Error(`connect ${code} 10.0.0.7:3306 SELECT secret`), { code })),
});

describe('runChecks', () => {
  it('ready when every check passes', async () => {
    expect(await runChecks([ok('database'), ok('redis')])).toEqual({ ready: true, failing: [], reasons: {} });
  });

  it('names each failing check, with its error code and nothing of its message', async () => {
    const r = await runChecks([failing('database', 'ECONNREFUSED'), ok('redis')]);
    expect(r).toEqual({ ready: false, failing: ['database'], reasons: { database: 'ECONNREFUSED' } });
    expect(JSON.stringify(r)).not.toMatch(/10\.0\.0\.7|SELECT|secret/);
  });

  it('skips a check while the one it comes after fails: no "migrations" when the database is down', async () => {
    let asked = false;
    const migrations: ReadinessCheck = {
      name: 'migrations',
      after: 'database',
      check: () => {
        asked = true;
        return Promise.resolve();
      },
    };
    expect((await runChecks([failing('database', 'ECONNREFUSED'), migrations])).failing).toEqual(['database']);
    expect(asked).toBe(false);
    expect((await runChecks([ok('database'), failing('migrations', 'PENDING', 'database')])).failing).toEqual([
      'migrations',
    ]);
  });

  it('answers within its timeout when a check hangs', async () => {
    const hangs: ReadinessCheck = { name: 'database', check: () => new Promise<void>(() => undefined) };
    const started = Date.now();
    expect(await runChecks([hangs, ok('redis')], 100)).toEqual({
      ready: false,
      failing: ['database'],
      reasons: { database: 'TIMEOUT' },
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('reasonOf', () => {
  it('gives a code, the cause code of a fetch failure, a timeout, or an error class name; never a message', () => {
    expect(
      reasonOf(Object.assign(new Error('Access denied for user dsg_x@10.1.1.1'), { code: 'ER_ACCESS_DENIED_ERROR' })),
    ).toBe('ER_ACCESS_DENIED_ERROR');
    expect(reasonOf(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).toBe('ECONNREFUSED');
    expect(reasonOf(new DOMException('The operation timed out.', 'TimeoutError'))).toBe('TIMEOUT');
    expect(reasonOf(new RangeError('x at host 10.0.0.1'))).toBe('RangeError');
    expect(reasonOf(new Error('at 10.0.0.1'))).toBe('ERROR');
    expect(reasonOf('a string')).toBe('ERROR');
    expect(reasonOf(Object.assign(new Error('x'), { code: 'lower case or spaces 10.0.0.1' }))).toBe('ERROR');
  });
});

describe('shutdown settings', () => {
  it('delay 0 and grace 10 s by default; both from the environment', () => {
    expect(shutdownSettingsFromEnv({})).toEqual({ delayMs: 0, graceMs: 10_000 });
    expect(shutdownSettingsFromEnv({ SHUTDOWN_DELAY_MS: '5000', SHUTDOWN_GRACE_MS: '20000' })).toEqual({
      delayMs: 5000,
      graceMs: 20_000,
    });
    expect(shutdownSettingsFromEnv({ SHUTDOWN_DELAY_MS: '0' }).delayMs).toBe(0);
  });

  it('refuses what is not a whole number of milliseconds, naming the variable', () => {
    expect(() => shutdownSettingsFromEnv({ SHUTDOWN_DELAY_MS: '5s' })).toThrow(/^SHUTDOWN_DELAY_MS must be/);
    expect(() => shutdownSettingsFromEnv({ SHUTDOWN_GRACE_MS: '0' })).toThrow(
      /^SHUTDOWN_GRACE_MS must be a positive integer/,
    );
  });
});

describe("the subgraphs the gateway's /ready requires (GATEWAY_READY_SUBGRAPHS)", () => {
  const known = ['profile', 'sessions', 'billing', 'support', 'requests'];

  it('all by default, or none, or the ones named', () => {
    expect(readySubgraphsFromEnv(known, {})).toEqual(known);
    expect(readySubgraphsFromEnv(known, { GATEWAY_READY_SUBGRAPHS: 'all' })).toEqual(known);
    expect(readySubgraphsFromEnv(known, { GATEWAY_READY_SUBGRAPHS: 'none' })).toEqual([]);
    expect(readySubgraphsFromEnv(known, { GATEWAY_READY_SUBGRAPHS: ' profile, requests ' })).toEqual([
      'profile',
      'requests',
    ]);
  });

  it('refuses a name that is not a subgraph, naming the variable', () => {
    expect(() => readySubgraphsFromEnv(known, { GATEWAY_READY_SUBGRAPHS: 'profile,payroll' })).toThrow(
      /^GATEWAY_READY_SUBGRAPHS must be all, none, or names among profile, .*; "payroll" is not one$/,
    );
  });
});
