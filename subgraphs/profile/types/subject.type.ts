import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { NotPersonal, Personal, SUBJECT_ID } from '../../../common/privacy';
import { CommunicationPreferences, EmployerSponsorship, FinancialSituation, ProfessionalContext } from './context.type';
import { Consent } from './consent.type';
import { ProcessingRestriction, RESTRICTION_SPEC } from './restriction.type';

export enum SubjectStatus {
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
  CLOSED = 'CLOSED',
  ERASED = 'ERASED',
}
registerEnumType(SubjectStatus, { name: 'SubjectStatus', description: 'Where the account stands.' });

/** The person the data is about. Owned here; the other subgraphs add what they hold. */
@ObjectType('DataSubject')
@Directive('@key(fields: "id")')
export class DataSubject {
  @Field(() => ID)
  @Personal(SUBJECT_ID)
  id!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Null after an erasure (status ERASED), and where your role may not read it (a FORBIDDEN error says so).',
  })
  @Personal({
    category: 'IDENTITY',
    purposes: ['SERVICE', 'MENTORING', 'COMMUNICATION', 'SUPPORT'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'account',
    recipients: ['HOSTING_PROVIDER', 'EMAIL_PROVIDER', 'MENTOR'],
  })
  fullName!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Null after an erasure (status ERASED), and where your role may not read it (a FORBIDDEN error says so).',
  })
  @Personal({
    category: 'CONTACT',
    purposes: ['SERVICE', 'COMMUNICATION', 'SUPPORT'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'account',
    recipients: ['HOSTING_PROVIDER', 'EMAIL_PROVIDER'],
  })
  email!: string | null;

  @Field(() => String, { nullable: true })
  @Personal({
    category: 'CONTACT',
    purposes: ['SERVICE', 'COMMUNICATION'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'account',
    recipients: ['HOSTING_PROVIDER'],
  })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO date (YYYY-MM-DD).' })
  @Personal({
    category: 'DEMOGRAPHIC',
    purposes: ['SERVICE', 'LEGAL_COMPLIANCE'],
    basis: 'LEGAL_OBLIGATION',
    source: 'SUBJECT',
    retention: 'account',
  })
  birthDate!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'BCP 47 language tag of the interface and messages. Null after an erasure (status ERASED), and where your role may not read it (a FORBIDDEN error says so).',
  })
  @Personal({
    category: 'PREFERENCES',
    purposes: ['SERVICE', 'COMMUNICATION'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'account',
  })
  locale!: string | null;

  @Field(() => SubjectStatus, {
    nullable: true,
    description:
      'ERASED once the subject is erased: the record is then a tombstone (id, status, createdAt, erasedAt, erasureRequestId). Never null in the data: null only where your role may not read it (a FORBIDDEN error says so).',
  })
  @Personal({
    category: 'ACCOUNT',
    purposes: ['SERVICE', 'LEGAL_COMPLIANCE'],
    basis: 'CONTRACT',
    source: 'DERIVED',
    retention: 'account',
  })
  status!: SubjectStatus;

  @Field(() => Date, {
    nullable: true,
    description:
      'Kept after an erasure (it identifies nobody). Never null in the data: null only where your role may not read it (a FORBIDDEN error says so).',
  })
  @Personal({ category: 'ACCOUNT', purposes: ['SERVICE'], basis: 'CONTRACT', source: 'OBSERVED', retention: 'account' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @Personal({
    category: 'USAGE',
    purposes: ['SERVICE', 'SECURITY', 'LEGAL_COMPLIANCE'],
    basis: 'LEGITIMATE_INTEREST',
    source: 'OBSERVED',
    retention: 'account',
  })
  lastLoginAt!: Date | null;

  @Field(() => ProfessionalContext, { nullable: true })
  @Personal({
    category: 'PROFESSIONAL',
    purposes: ['MENTORING'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'account',
    recipients: ['MENTOR'],
  })
  professional?: ProfessionalContext | null;

  @Field(() => FinancialSituation, { nullable: true })
  @Personal({
    category: 'FINANCIAL',
    purposes: ['SERVICE', 'PERSONALISATION'],
    basis: 'CONSENT',
    source: 'SUBJECT',
    retention: 'account',
  })
  financialSituation?: FinancialSituation | null;

  @Field(() => [Consent], {
    nullable: true,
    description:
      'Empty after an erasure (the consent proof goes with the rest). Never null in the data: null only where your role may not read it (a FORBIDDEN error says so).',
  })
  @Personal({
    category: 'CONSENT',
    purposes: ['LEGAL_COMPLIANCE'],
    basis: 'LEGAL_OBLIGATION',
    source: 'SUBJECT',
    retention: 'consent-proof',
  })
  consents?: Consent[];

  @Field(() => EmployerSponsorship, { nullable: true })
  @Personal({
    category: 'PROFESSIONAL',
    purposes: ['BILLING', 'EMPLOYER_REPORTING'],
    basis: 'CONTRACT',
    source: 'THIRD_PARTY',
    retention: 'account',
    recipients: ['EMPLOYER'],
  })
  sponsorship?: EmployerSponsorship | null;

  @Field(() => CommunicationPreferences, { nullable: true })
  @Personal({
    category: 'PREFERENCES',
    purposes: ['COMMUNICATION'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'account',
  })
  communicationPreferences?: CommunicationPreferences | null;

  @Field(() => [ProcessingRestriction], {
    nullable: true,
    description:
      'Restrictions and objections, in force or lifted, oldest first. Empty after an erasure. Never null in the data: null only where your role may not read it (a FORBIDDEN error says so).',
  })
  @Personal(RESTRICTION_SPEC)
  processingRestrictions?: ProcessingRestriction[];

  @Field(() => Date, { nullable: true, description: 'When the subject was erased; null while they are not.' })
  @NotPersonal('Records that an erasure took place (tombstone); holds no personal data')
  erasedAt!: Date | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The rights request that erased the subject; null while they are not erased.',
  })
  @NotPersonal('Records that an erasure took place (tombstone); holds no personal data')
  erasureRequestId!: string | null;
}
