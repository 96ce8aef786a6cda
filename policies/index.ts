import { ophelantyra } from './ophelantyra';
import type { PrivacyPolicy } from './policy';
import { validatePolicy } from './validate';
import { veloraqenvi } from './veloraqenvi';

export type { PrivacyPolicy, RetentionRule, Duration, ProductRecordKey } from './policy';
export { validatePolicy, PolicyError } from './validate';

export const POLICIES: Record<PrivacyPolicy['id'], PrivacyPolicy> = { ophelantyra, veloraqenvi };

/** The policy this deployment honours: POLICY=ophelantyra (default) or veloraqenvi. */
export function policyFromEnv(env: NodeJS.ProcessEnv = process.env): PrivacyPolicy {
  const id = env.POLICY ?? 'ophelantyra';
  const policy = (POLICIES as Record<string, PrivacyPolicy | undefined>)[id];
  if (!policy) throw new Error(`POLICY must be one of ${Object.keys(POLICIES).join(', ')}, not "${id}"`);
  return validatePolicy(policy);
}

/** "P7Y" -> "7 years", "P15D" -> "15 days": for documents people read. */
export function describeDuration(d: string): string {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(d);
  if (!m) return d;
  const parts: string[] = [];
  const unit = (n: string | undefined, one: string) => {
    if (n) parts.push(`${n} ${one}${n === '1' ? '' : 's'}`);
  };
  unit(m[1], 'year');
  unit(m[2], 'month');
  unit(m[3], 'day');
  return parts.join(' ');
}
