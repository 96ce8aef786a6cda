import { ophelantyra } from './ophelantyra';
import type { PrivacyPolicy } from './policy';
import { validatePolicy } from './validate';
import { veloraqenvi } from './veloraqenvi';

export type { PrivacyPolicy, RetentionRule, Duration, ProductRecordKey } from './policy';
export { validatePolicy, PolicyError } from './validate';
export { describeDuration } from './duration';

export const POLICIES: Record<PrivacyPolicy['id'], PrivacyPolicy> = { ophelantyra, veloraqenvi };

/** The policy this deployment honours: POLICY=ophelantyra (default) or veloraqenvi. */
export function policyFromEnv(env: NodeJS.ProcessEnv = process.env): PrivacyPolicy {
  const id = env.POLICY ?? 'ophelantyra';
  const policy = (POLICIES as Record<string, PrivacyPolicy | undefined>)[id];
  if (!policy) throw new Error(`POLICY must be one of ${Object.keys(POLICIES).join(', ')}, not "${id}"`);
  return validatePolicy(policy);
}
