import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { badUserInput } from '../errors';

/** Control characters, C1 included, and line separators: never in a name, a value or a reference. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * What the subject provided beyond name and contact, and may correct (Art. 16, O10, V1, V12):
 * the professional context (ophelantyra), the financial situation (veloraqenvi: « vous contrôlez
 * le niveau de détail »), the communication preferences, and the billing address, whose change
 * needs a supporting document (decision 78). Each group is optional; inside a group a field left
 * out is not changed.
 */

/** The optional details of a financial situation the subject may withdraw (V1). */
export enum FinancialDetail {
  MONTHLY_BUDGET = 'MONTHLY_BUDGET',
  SAVINGS_GOAL = 'SAVINGS_GOAL',
  DEBT_SITUATION = 'DEBT_SITUATION',
}
registerEnumType(FinancialDetail, {
  name: 'FinancialDetail',
  description: 'An optional detail of the financial situation: the subject chooses how much to share.',
});

@InputType({ description: 'Professional context; to add one where none is held, give all four.' })
export class ProfessionalContextChanges {
  @Field(() => String, { nullable: true, description: '1 to 120 characters.' })
  sector?: string | null;

  @Field(() => String, { nullable: true, description: 'One of 1-9, 10-49, 50-249, 250+.' })
  companySize?: string | null;

  @Field(() => String, { nullable: true, description: 'The function held; 1 to 160 characters.' })
  jobTitle?: string | null;

  @Field(() => Int, { nullable: true, description: '0 to 80.' })
  yearsOfExperience?: number | null;
}

@InputType({ description: 'Financial situation; to add one where none is held, give incomeBand and householdSize.' })
export class FinancialSituationChanges {
  @Field(() => String, { nullable: true, description: '1 to 32 characters, e.g. "1 500-2 500 €".' })
  incomeBand?: string | null;

  @Field(() => Int, { nullable: true, description: '1 to 20.' })
  householdSize?: number | null;

  @Field(() => Int, { nullable: true, description: 'In cents, 0 to 100 000 000.' })
  monthlyBudgetCents?: number | null;

  @Field(() => String, { nullable: true, description: '1 to 500 characters.' })
  savingsGoal?: string | null;

  @Field(() => String, { nullable: true, description: '1 to 500 characters.' })
  debtSituation?: string | null;

  @Field(() => [FinancialDetail], {
    nullable: true,
    description: 'Details to stop sharing: they are deleted. Not together with a new value for the same detail.',
  })
  withdraw?: FinancialDetail[] | null;
}

@InputType({ description: 'How the subject wants to be contacted.' })
export class CommunicationPreferencesChanges {
  @Field(() => String, { nullable: true, description: 'EMAIL, PHONE or SMS.' })
  preferredChannel?: string | null;

  @Field(() => Boolean, { nullable: true })
  sessionReminders?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  programmeNews?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  eventInvitations?: boolean | null;
}

@InputType({ description: 'The billing address, whole; a change needs evidenceRef (a supporting document).' })
export class BillingAddressChanges {
  @Field({ description: '1 to 300 characters.' })
  addressLine!: string;

  @Field({ description: '1 to 16 letters, digits, spaces or hyphens.' })
  postalCode!: string;

  @Field({ description: '1 to 120 characters.' })
  city!: string;

  @Field({ description: 'ISO 3166-1 alpha-2, e.g. FR.' })
  country!: string;
}

export interface ProfessionalChanges {
  sector?: string;
  companySize?: string;
  jobTitle?: string;
  yearsOfExperience?: number;
}

export interface FinancialChanges {
  incomeBand?: string;
  householdSize?: number;
  monthlyBudgetCents?: number;
  savingsGoal?: string;
  debtSituation?: string;
  withdraw?: FinancialDetail[];
}

export interface PreferenceChanges {
  preferredChannel?: string;
  sessionReminders?: boolean;
  programmeNews?: boolean;
  eventInvitations?: boolean;
}

export interface AddressChanges {
  addressLine: string;
  postalCode: string;
  city: string;
  country: string;
}

export const COMPANY_SIZES = ['1-9', '10-49', '50-249', '250+'] as const;
export const CHANNELS = ['EMAIL', 'PHONE', 'SMS'] as const;

const POSTAL_CODE = /^[A-Za-z0-9 -]{1,16}$/;
const COUNTRY = /^[A-Z]{2}$/;
/** The detail each withdrawable field is. */
const DETAIL_OF = {
  monthlyBudgetCents: FinancialDetail.MONTHLY_BUDGET,
  savingsGoal: FinancialDetail.SAVINGS_GOAL,
  debtSituation: FinancialDetail.DEBT_SITUATION,
} as const;

/** A text of 1 to `max` characters without control characters, trimmed; the message never repeats it. */
export function text(value: string, name: string, max: number): string {
  const out = value.trim().normalize('NFC');
  if (out.length === 0 || out.length > max || CONTROL_CHARACTERS.test(out))
    throw badUserInput(`"${name}" must hold 1 to ${max} characters and no control characters`, name);
  return out;
}

function integer(value: number, name: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw badUserInput(`"${name}" must be a whole number from ${min} to ${max}`, name);
  return value;
}

function oneOf(value: string, name: string, allowed: readonly string[]): string {
  const out = value.trim();
  if (!allowed.includes(out)) throw badUserInput(`"${name}" must be one of ${allowed.join(', ')}`, name);
  return out;
}

/** A group in which nothing was given is refused rather than read as "no change". */
function notEmpty<T extends object>(out: T, name: string): T {
  if (Object.keys(out).length === 0) throw badUserInput(`"${name}" must change at least one field`, name);
  return out;
}

export function validProfessional(input: ProfessionalContextChanges, name: string): ProfessionalChanges {
  const out: ProfessionalChanges = {};
  if (input.sector != null) out.sector = text(input.sector, `${name}.sector`, 120);
  if (input.companySize != null) out.companySize = oneOf(input.companySize, `${name}.companySize`, COMPANY_SIZES);
  if (input.jobTitle != null) out.jobTitle = text(input.jobTitle, `${name}.jobTitle`, 160);
  if (input.yearsOfExperience != null)
    out.yearsOfExperience = integer(input.yearsOfExperience, `${name}.yearsOfExperience`, 0, 80);
  return notEmpty(out, name);
}

export function validFinancial(input: FinancialSituationChanges, name: string): FinancialChanges {
  const out: FinancialChanges = {};
  if (input.incomeBand != null) out.incomeBand = text(input.incomeBand, `${name}.incomeBand`, 32);
  if (input.householdSize != null) out.householdSize = integer(input.householdSize, `${name}.householdSize`, 1, 20);
  if (input.monthlyBudgetCents != null)
    out.monthlyBudgetCents = integer(input.monthlyBudgetCents, `${name}.monthlyBudgetCents`, 0, 100_000_000);
  if (input.savingsGoal != null) out.savingsGoal = text(input.savingsGoal, `${name}.savingsGoal`, 500);
  if (input.debtSituation != null) out.debtSituation = text(input.debtSituation, `${name}.debtSituation`, 500);
  if (input.withdraw?.length) {
    const withdraw = [...new Set(input.withdraw)];
    for (const [field, detail] of Object.entries(DETAIL_OF)) {
      if (withdraw.includes(detail) && out[field as keyof typeof DETAIL_OF] !== undefined)
        throw badUserInput(
          `"${name}.withdraw" holds ${detail}, which "${name}.${field}" also sets`,
          `${name}.withdraw`,
        );
    }
    out.withdraw = withdraw;
  }
  return notEmpty(out, name);
}

export function validPreferences(input: CommunicationPreferencesChanges, name: string): PreferenceChanges {
  const out: PreferenceChanges = {};
  if (input.preferredChannel != null)
    out.preferredChannel = oneOf(input.preferredChannel, `${name}.preferredChannel`, CHANNELS);
  if (input.sessionReminders != null) out.sessionReminders = input.sessionReminders;
  if (input.programmeNews != null) out.programmeNews = input.programmeNews;
  if (input.eventInvitations != null) out.eventInvitations = input.eventInvitations;
  return notEmpty(out, name);
}

export function validAddress(input: BillingAddressChanges, name: string): AddressChanges {
  const postalCode = input.postalCode.trim();
  if (!POSTAL_CODE.test(postalCode))
    throw badUserInput(
      `"${name}.postalCode" must hold 1 to 16 letters, digits, spaces or hyphens`,
      `${name}.postalCode`,
    );
  const country = input.country.trim().toUpperCase();
  if (!COUNTRY.test(country))
    throw badUserInput(`"${name}.country" must be a two-letter country code (ISO 3166-1)`, `${name}.country`);
  return {
    addressLine: text(input.addressLine, `${name}.addressLine`, 300),
    postalCode,
    city: text(input.city, `${name}.city`, 120),
    country,
  };
}
