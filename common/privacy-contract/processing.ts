import { registerEnumType } from 'type-graphql';

/**
 * The processing a subject may consent to, object to, or have restricted. Each feeds a list
 * (profile's `processingAudience`) that a marketing, analytics, recommendation, research or
 * employer-report job reads: a subject out of that list is out of that processing.
 */
export enum ConsentPurpose {
  MARKETING = 'MARKETING',
  EMPLOYER_REPORTING = 'EMPLOYER_REPORTING',
  RESEARCH = 'RESEARCH',
  ANALYTICS = 'ANALYTICS',
  PERSONALISED_RECOMMENDATIONS = 'PERSONALISED_RECOMMENDATIONS',
  /** The platform's security (connection logs read for attacks): legitimate interest, never consent. */
  SECURITY = 'SECURITY',
  /** Fraud prevention (payments, accounts): legitimate interest, never consent. */
  FRAUD_PREVENTION = 'FRAUD_PREVENTION',
}
registerEnumType(ConsentPurpose, {
  name: 'ConsentPurpose',
  description: 'A processing that runs only with consent, or that a subject may object to.',
});

/** What a restriction (Art. 18) covers: one processing, or all processing but storage. */
export const RestrictionScope = { ...ConsentPurpose, ALL: 'ALL' } as const;
export type RestrictionScope = (typeof RestrictionScope)[keyof typeof RestrictionScope];
registerEnumType(RestrictionScope, {
  name: 'RestrictionScope',
  description: 'The processing a restriction or objection covers; ALL: every processing but storage.',
});

/** Art. 18 restriction (until lifted) or Art. 21 objection (the subject's standing "no"). */
export enum RestrictionKind {
  RESTRICTION = 'RESTRICTION',
  OBJECTION = 'OBJECTION',
}
registerEnumType(RestrictionKind, {
  name: 'RestrictionKind',
  description: 'RESTRICTION (Art. 18, until lifted) or OBJECTION (Art. 21).',
});

/**
 * Whether an objection to this processing is examined before it is decided (O36, V46): a
 * processing on legitimate interest (the policy does not make it depend on consent) stops only
 * unless compelling legitimate grounds are shown, so a dpo decides. Direct marketing stops at once
 * (Art. 21(3)), and so does a processing on consent, where objecting is withdrawing.
 */
export function objectionExamined(purpose: string, consentRequiredFor: readonly string[]): boolean {
  return purpose !== (ConsentPurpose.MARKETING as string) && !consentRequiredFor.includes(purpose);
}

/** Why a restriction is asked (Art. 18(1)), and V43's own: the legal basis of a processing contested. */
export enum RestrictionGround {
  ACCURACY_CONTESTED = 'ACCURACY_CONTESTED',
  UNLAWFUL_PROCESSING = 'UNLAWFUL_PROCESSING',
  NEEDED_FOR_LEGAL_CLAIMS = 'NEEDED_FOR_LEGAL_CLAIMS',
  OBJECTION_PENDING = 'OBJECTION_PENDING',
  LEGAL_BASIS_CONTESTED = 'LEGAL_BASIS_CONTESTED',
}
registerEnumType(RestrictionGround, {
  name: 'RestrictionGround',
  description:
    'Art. 18(1): ACCURACY_CONTESTED (a), UNLAWFUL_PROCESSING (b), NEEDED_FOR_LEGAL_CLAIMS (c), OBJECTION_PENDING (d); LEGAL_BASIS_CONTESTED: the subject contests the legal basis of a processing (V43).',
});

/** A dpo's answer to an objection under examination (Art. 21(1)). */
export enum ObjectionDecision {
  /** No compelling legitimate grounds: the processing stops for good. */
  UPHELD = 'UPHELD',
  /** Compelling legitimate grounds shown: the restriction is lifted, the reasons told. */
  REFUSED = 'REFUSED',
}
registerEnumType(ObjectionDecision, {
  name: 'ObjectionDecision',
  description:
    'UPHELD: the processing stops for good; REFUSED: compelling legitimate grounds, the restriction is lifted and the reasons told (Art. 21(1)).',
});
