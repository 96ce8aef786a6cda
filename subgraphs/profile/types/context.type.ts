import { Field, Int, ObjectType } from 'type-graphql';
import { Personal } from '../../../common/privacy';

@ObjectType()
export class ProfessionalContext {
  @Field()
  @Personal({
    category: 'PROFESSIONAL',
    purposes: ['MENTORING'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'account',
    recipients: ['MENTOR'],
  })
  sector!: string;

  @Field({ description: 'Head-count band, e.g. "10-49".' })
  @Personal({
    category: 'PROFESSIONAL',
    purposes: ['MENTORING'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'account',
    recipients: ['MENTOR'],
  })
  companySize!: string;

  @Field()
  @Personal({
    category: 'PROFESSIONAL',
    purposes: ['MENTORING'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'account',
    recipients: ['MENTOR'],
  })
  jobTitle!: string;

  @Field(() => Int)
  @Personal({
    category: 'PROFESSIONAL',
    purposes: ['MENTORING'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'account',
    recipients: ['MENTOR'],
  })
  yearsOfExperience!: number;
}

/** Shared by the learner to get budget advice that fits; given with consent. */
@ObjectType()
export class FinancialSituation {
  @Field()
  @Personal({
    category: 'FINANCIAL',
    purposes: ['SERVICE', 'PERSONALISATION'],
    basis: 'CONSENT',
    source: 'SUBJECT',
    retention: 'account',
  })
  incomeBand!: string;

  @Field(() => Int)
  @Personal({
    category: 'FINANCIAL',
    purposes: ['SERVICE', 'PERSONALISATION'],
    basis: 'CONSENT',
    source: 'SUBJECT',
    retention: 'account',
  })
  householdSize!: number;

  @Field(() => Int, { nullable: true })
  @Personal({
    category: 'FINANCIAL',
    purposes: ['SERVICE', 'PERSONALISATION'],
    basis: 'CONSENT',
    source: 'SUBJECT',
    retention: 'account',
  })
  monthlyBudgetCents!: number | null;

  @Field(() => String, { nullable: true })
  @Personal({
    category: 'FINANCIAL',
    purposes: ['SERVICE', 'PERSONALISATION'],
    basis: 'CONSENT',
    source: 'SUBJECT',
    retention: 'account',
  })
  savingsGoal!: string | null;

  @Field(() => String, { nullable: true })
  @Personal({
    category: 'FINANCIAL',
    purposes: ['SERVICE', 'PERSONALISATION'],
    basis: 'CONSENT',
    source: 'SUBJECT',
    retention: 'account',
  })
  debtSituation!: string | null;

  @Field()
  @Personal({
    category: 'FINANCIAL',
    purposes: ['SERVICE'],
    basis: 'CONSENT',
    source: 'OBSERVED',
    retention: 'account',
  })
  sharedAt!: Date;
}

@ObjectType()
export class EmployerSponsorship {
  @Field()
  @Personal({
    category: 'PROFESSIONAL',
    purposes: ['BILLING', 'EMPLOYER_REPORTING'],
    basis: 'CONTRACT',
    source: 'THIRD_PARTY',
    retention: 'account',
    recipients: ['EMPLOYER'],
  })
  employerName!: string;

  @Field({ description: 'ISO date (YYYY-MM-DD).' })
  @Personal({
    category: 'PROFESSIONAL',
    purposes: ['BILLING'],
    basis: 'CONTRACT',
    source: 'THIRD_PARTY',
    retention: 'account',
  })
  sponsoredSince!: string;

  @Field({ description: 'What a progress report to the employer may contain, as agreed at the start.' })
  @Personal({
    category: 'PROFESSIONAL',
    purposes: ['EMPLOYER_REPORTING'],
    basis: 'CONSENT',
    source: 'SUBJECT',
    retention: 'account',
    recipients: ['EMPLOYER'],
  })
  reportingScope!: string;
}

@ObjectType()
export class CommunicationPreferences {
  @Field({ description: 'EMAIL, PHONE or SMS.' })
  @Personal({
    category: 'PREFERENCES',
    purposes: ['COMMUNICATION'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'account',
  })
  preferredChannel!: string;

  @Field()
  @Personal({
    category: 'PREFERENCES',
    purposes: ['COMMUNICATION'],
    basis: 'CONTRACT',
    source: 'SUBJECT',
    retention: 'account',
  })
  sessionReminders!: boolean;

  @Field()
  @Personal({
    category: 'PREFERENCES',
    purposes: ['MARKETING'],
    basis: 'CONSENT',
    source: 'SUBJECT',
    retention: 'account',
  })
  programmeNews!: boolean;

  @Field()
  @Personal({
    category: 'PREFERENCES',
    purposes: ['MARKETING'],
    basis: 'CONSENT',
    source: 'SUBJECT',
    retention: 'account',
  })
  eventInvitations!: boolean;

  @Field()
  @Personal({
    category: 'PREFERENCES',
    purposes: ['COMMUNICATION'],
    basis: 'CONTRACT',
    source: 'OBSERVED',
    retention: 'account',
  })
  updatedAt!: Date;
}
