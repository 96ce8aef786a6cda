import { parseDuration } from './duration';
import type { PrivacyPolicy, RetentionRule } from './policy';

/**
 * A policy whose periods the services can run on. Every period is an ISO 8601 duration of
 * years, months and days; the first one that is not names its rule, so that whoever edits a
 * policy file learns at start which line to fix, rather than from a sweep that silently keeps
 * (or deletes) what it should not.
 */
export class PolicyError extends Error {}

export function validatePolicy(policy: PrivacyPolicy): PrivacyPolicy {
  const rules: Array<[string, RetentionRule]> = [
    ...Object.entries(policy.retention).map(([k, r]): [string, RetentionRule] => [`retention.${k}`, r]),
    ...Object.entries(policy.supportRetentionByType).map(([k, r]): [string, RetentionRule] => [
      `supportRetentionByType.${k}`,
      r,
    ]),
    ...Object.entries(policy.records).map(([k, r]): [string, RetentionRule] => [`records.${k}`, r]),
  ];
  const periods: Array<[string, string | null]> = [
    ...rules.map(([name, rule]): [string, string | null] => [name, rule.period]),
    ...Object.entries(policy.deadlines).map(([k, d]): [string, string | null] => [`deadlines.${k}`, d]),
    ['closure.eraseAfter', policy.closure.eraseAfter],
    ['minors.consentDelay', policy.minors.consentDelay],
    ...Object.entries(policy.inactivity).map(([k, d]): [string, string | null] => [`inactivity.${k}`, d]),
  ];
  for (const [name, period] of periods) {
    if (period === null) continue;
    try {
      parseDuration(period);
    } catch {
      throw new PolicyError(
        `policy ${policy.id}: rule "${name}" has a malformed period ${JSON.stringify(period)} (an ISO 8601 duration such as P7Y, P6M or P30D is expected)`,
      );
    }
  }
  return policy;
}
