/**
 * What Art. 15(1)(e)-(h) and 15(2) say a subject must be told beyond the per-field classification:
 * the rights and how to use them, the supervisory authority, automated decisions, transfers
 * outside the EEA. Kept per policy, each statement with the policy's own words, beside the policy
 * files rather than inside them, so each policy file stays the schedule of periods and deadlines.
 */
import type { PrivacyPolicy } from './policy';
import { ophelantyraTransparency } from './ophelantyra.transparency';
import type { TransparencyStatement } from './transparency.types';
import { veloraqenviTransparency } from './veloraqenvi.transparency';

const STATEMENTS: Record<PrivacyPolicy['id'], TransparencyStatement> = {
  ophelantyra: ophelantyraTransparency,
  veloraqenvi: veloraqenviTransparency,
};

export function transparencyOf(policy: PrivacyPolicy): TransparencyStatement {
  return STATEMENTS[policy.id];
}
