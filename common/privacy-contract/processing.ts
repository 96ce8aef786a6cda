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
