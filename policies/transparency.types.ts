/** The shape of a policy's transparency statement (transparency.ts), apart so each policy's statement can name it. */
import type { Recipient } from './vocabulary';

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
