/**
 * What Art. 15(1)(e)-(h) and 15(2) say a subject must be told beyond the per-field classification:
 * the rights and how to use them, the supervisory authority, automated decisions, transfers
 * outside the EEA. Kept per policy, each statement with the policy's own words, beside the policy
 * files rather than inside them, so each policy file stays the schedule of periods and deadlines.
 */
import type { Recipient } from '../common/privacy';
import type { PrivacyPolicy } from './policy';
import { ophelantyraTransparency } from './ophelantyra.transparency';
import { veloraqenviTransparency } from './veloraqenvi.transparency';

/** Text for people in the package's two languages. */
export interface Bilingual {
  fr: string;
  en: string;
}

export type RightId =
  'ACCESS' | 'RECTIFICATION' | 'ERASURE' | 'RESTRICTION' | 'OBJECTION' | 'PORTABILITY' | 'WITHDRAW_CONSENT';

export interface RightStatement {
  right: RightId;
  article: string;
  what: Bilingual;
  /** How to use it under this policy. */
  how: Bilingual;
}

export interface AutomatedDecision {
  /** What is decided or suggested. */
  what: Bilingual;
  /** Why it is not a decision based solely on automated processing, or how to refuse it (Art. 22). */
  safeguard: Bilingual;
  /** The categories of data it uses: the statement is repeated in their processing entries. */
  categories: string[];
  quote: string;
}

export interface TransparencyStatement {
  rights: RightStatement[];
  complaint: { authority: string; address: string; website: string; quote: string };
  automatedDecisions: AutomatedDecision[];
  /** Art. 15(1)(h) when none of the above concerns a category. */
  noAutomatedDecision: Bilingual;
  transfersOutsideEea: {
    /** The recipients whose infrastructure may lie outside the EEA. */
    recipients: Recipient[];
    safeguards: Bilingual[];
    /** Where to get a copy of the safeguards (Art. 15(2), Art. 46). */
    copyFrom: Bilingual;
    quote: string;
  };
}

const STATEMENTS: Record<PrivacyPolicy['id'], TransparencyStatement> = {
  ophelantyra: ophelantyraTransparency,
  veloraqenvi: veloraqenviTransparency,
};

export function transparencyOf(policy: PrivacyPolicy): TransparencyStatement {
  return STATEMENTS[policy.id];
}
