import { buildSubgraphServer } from '../../common/subgraph-server';
import { isolatedDbConfig } from '../helpers/stack';
import { POLICIES, validatePolicy, type PrivacyPolicy } from '../../policies';
import { dueSweepDate } from '../../subgraphs/requests/retention/sweep-date';
import { profileSubgraph } from '../../subgraphs/profile/profile.subgraph';
import { ruleCutoff } from '../../common/privacy-contract/retention.rules';

const malformed = (policy: PrivacyPolicy): PrivacyPolicy => ({
  ...policy,
  retention: { ...policy.retention, accounting: { ...policy.retention.accounting, period: 'P7X' } },
});

describe('retention rules from the policy file', () => {
  it.each(['ophelantyra', 'veloraqenvi'] as const)('%s: every period is a valid duration', (id) => {
    expect(() => validatePolicy(POLICIES[id])).not.toThrow();
  });

  it('a malformed period is refused, naming its rule, and the service does not start', async () => {
    expect(() => validatePolicy(malformed(POLICIES.ophelantyra))).toThrow(
      'policy ophelantyra: rule "retention.accounting" has a malformed period "P7X"',
    );
    await expect(
      buildSubgraphServer(profileSubgraph, { db: isolatedDbConfig(), policy: malformed(POLICIES.veloraqenvi) }),
    ).rejects.toThrow('rule "retention.accounting"');
  });

  it('a changed period in the policy changes the cutoff, with nothing else changed', () => {
    const asOf = new Date('2026-11-01T00:00:00Z');
    expect(ruleCutoff(POLICIES.ophelantyra, 'accounting', asOf)?.toISOString()).toBe('2019-11-01T00:00:00.000Z');
    expect(ruleCutoff(POLICIES.veloraqenvi, 'accounting', asOf)?.toISOString()).toBe('2016-11-01T00:00:00.000Z');
    const shorter = {
      ...POLICIES.veloraqenvi,
      retention: {
        ...POLICIES.veloraqenvi.retention,
        accounting: { ...POLICIES.veloraqenvi.retention.accounting, period: 'P8Y' as const },
      },
    };
    expect(ruleCutoff(shorter, 'accounting', asOf)?.toISOString()).toBe('2018-11-01T00:00:00.000Z');
    expect(ruleCutoff(POLICIES.ophelantyra, 'support', asOf)).toBeNull();
  });
});

describe('the daily schedule', () => {
  const settings = { at: 3 * 60, timeZone: 'Europe/Paris' };
  const startedLongAgo = new Date('2026-01-01T00:00:00Z');
  // 03:00 in Paris in November is 02:00 UTC.
  it('runs the day once its time has come, not before', () => {
    expect(dueSweepDate(new Date('2026-11-30T01:59:00Z'), settings, '2026-11-29', startedLongAgo)).toBeNull();
    expect(dueSweepDate(new Date('2026-11-30T02:00:00Z'), settings, '2026-11-29', startedLongAgo)).toBe('2026-11-30');
    expect(dueSweepDate(new Date('2026-11-30T02:01:00Z'), settings, '2026-11-30', startedLongAgo)).toBeNull();
  });

  it('a run missed while the service was down happens when it comes back', () => {
    expect(dueSweepDate(new Date('2026-11-30T10:00:00Z'), settings, '2026-11-27', startedLongAgo)).toBe('2026-11-30');
    expect(dueSweepDate(new Date('2026-11-30T01:00:00Z'), settings, '2026-11-27', startedLongAgo)).toBe('2026-11-29');
  });

  it('a ledger that never swept starts with the first time after the service started', () => {
    const started = new Date('2026-11-30T09:00:00Z');
    expect(dueSweepDate(new Date('2026-11-30T10:00:00Z'), settings, null, started)).toBeNull();
    expect(dueSweepDate(new Date('2026-12-01T02:00:00Z'), settings, null, started)).toBe('2026-12-01');
  });
});
