/**
 * The privacy vocabulary of the schema: `@personal` on every field that holds personal data,
 * `@notPersonal` on every other field reachable from DataSubject. Both are composed into the
 * supergraph (`@link` + `@composeDirective`), so the export tooling, the Art. 30 register and
 * the classification test read them from `schema/supergraph.graphql` and nothing hand-kept.
 */
import { Directive } from 'type-graphql';
import { RECIPIENTS, type Recipient, type RetentionKey } from '../policies/vocabulary';

// Defined with the policies, which name them too (and import no code of ours); re-exported as
// part of the schema's vocabulary.
export { RECIPIENTS, RETENTION_KEYS, type Recipient, type RetentionKey } from '../policies/vocabulary';

export const PRIVACY_SPEC_URL = 'https://specs.data-subject-gateway.dev/privacy/v1.0';

/**
 * The entity every subgraph extends with what it holds about a person: its fields are personal
 * data of a subject, and every other type is reached through it.
 */
export const SUBJECT_TYPE = 'DataSubject';

export const PERSONAL_CATEGORIES = [
  'IDENTITY',
  'CONTACT',
  'DEMOGRAPHIC',
  'PROFESSIONAL',
  'FINANCIAL',
  'CONSENT',
  'PREFERENCES',
  'MENTORING',
  'DOCUMENTS',
  'EVALUATION',
  'LEARNING',
  'USAGE',
  'CONNECTION',
  'BILLING',
  'PAYMENT',
  'SUPPORT',
  'ACCOUNT',
  'RIGHTS_REQUEST',
] as const;
export const PURPOSES = [
  'SERVICE',
  'MENTORING',
  'COMMUNICATION',
  'SUPPORT',
  'BILLING',
  'ACCOUNTING',
  'SECURITY',
  'SERVICE_IMPROVEMENT',
  'MARKETING',
  'EMPLOYER_REPORTING',
  'RESEARCH',
  'PERSONALISATION',
  'LEGAL_COMPLIANCE',
] as const;
export const LEGAL_BASES = [
  'CONSENT',
  'CONTRACT',
  'LEGAL_OBLIGATION',
  'LEGITIMATE_INTEREST',
  'VITAL_INTEREST',
  'PUBLIC_TASK',
] as const;
/** Where the data came from (Art. 14(2)(f), Art. 15(1)(g)). */
export const SOURCES = ['SUBJECT', 'OBSERVED', 'DERIVED', 'STAFF', 'THIRD_PARTY'] as const;
export type PersonalCategory = (typeof PERSONAL_CATEGORIES)[number];
export type Purpose = (typeof PURPOSES)[number];
export type LegalBasis = (typeof LEGAL_BASES)[number];
export type DataSource = (typeof SOURCES)[number];

export interface PersonalSpec {
  category: PersonalCategory;
  purposes: readonly Purpose[];
  basis: LegalBasis;
  source: DataSource;
  retention: RetentionKey;
  recipients?: readonly Recipient[];
}

const list = (values: readonly string[]): string => `[${values.join(', ')}]`;

export function personalDirectiveSdl(spec: PersonalSpec): string {
  return (
    `@personal(category: ${spec.category}, purposes: ${list(spec.purposes)}, basis: ${spec.basis}, ` +
    `source: ${spec.source}, retention: ${JSON.stringify(spec.retention)}, ` +
    `recipients: ${list(spec.recipients ?? [])})`
  );
}

/** Marks a GraphQL field as personal data, with what Art. 13-15 and Art. 30 need to know of it. */
export function Personal(spec: PersonalSpec): MethodDecorator & PropertyDecorator {
  return Directive(personalDirectiveSdl(spec));
}

/** Marks a field reachable from DataSubject as holding no personal data, and says why. */
export function NotPersonal(reason: string): MethodDecorator & PropertyDecorator {
  return Directive(`@notPersonal(reason: ${JSON.stringify(reason)})`);
}

// Not @inaccessible: composition refuses an inaccessible type referenced by a composed directive.
const enumSdl = (name: string, values: readonly string[]): string =>
  `enum ${name} {\n${values.map((v) => `  ${v}`).join('\n')}\n}`;

/** Definitions every subgraph SDL carries, identical in all of them so they compose. */
export const PRIVACY_DEFINITIONS_SDL = [
  `directive @personal(category: PersonalCategory!, purposes: [ProcessingPurpose!]!, basis: LegalBasis!, source: PersonalDataSource!, retention: String!, recipients: [Recipient!]! = []) on FIELD_DEFINITION`,
  `directive @notPersonal(reason: String!) on FIELD_DEFINITION`,
  enumSdl('PersonalCategory', PERSONAL_CATEGORIES),
  enumSdl('ProcessingPurpose', PURPOSES),
  enumSdl('LegalBasis', LEGAL_BASES),
  enumSdl('PersonalDataSource', SOURCES),
  enumSdl('Recipient', RECIPIENTS),
].join('\n\n');

/** How `DataSubject.id` is classified: the same in every subgraph, or composition would disagree. */
export const SUBJECT_ID: PersonalSpec = {
  category: 'IDENTITY',
  purposes: ['SERVICE'],
  basis: 'CONTRACT',
  source: 'DERIVED',
  retention: 'account',
};

/**
 * The record of a rights request (the ledger, its receipts): kept to show what was asked and
 * what was done (Art. 5(2), Art. 12). Derived by the service, not given by the subject.
 */
export const RIGHTS_RECORD: PersonalSpec = {
  category: 'RIGHTS_REQUEST',
  purposes: ['LEGAL_COMPLIANCE'],
  basis: 'LEGAL_OBLIGATION',
  source: 'DERIVED',
  retention: 'rights-requests',
};
