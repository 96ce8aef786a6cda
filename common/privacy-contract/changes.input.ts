import { Field, InputType } from 'type-graphql';
import { badUserInput } from '../errors';
import { email as checkEmail } from '../validation';
import {
  BillingAddressChanges,
  CommunicationPreferencesChanges,
  FinancialSituationChanges,
  ProfessionalContextChanges,
  text,
  validAddress,
  validFinancial,
  validPreferences,
  validProfessional,
  type AddressChanges,
  type FinancialChanges,
  type PreferenceChanges,
  type ProfessionalChanges,
  CONTROL_CHARACTERS,
} from './context-changes.input';

/**
 * A rectification (Art. 16) of what the subject provided, every copy of which the contract
 * reaches: identity and contact (profile, billing account, support tickets' contact), and the
 * groups of context-changes.input.ts (profile; the billing address in billing). At least one field.
 */
@InputType({ description: 'New values; a field left out is not changed. At least one is required.' })
export class RectificationChanges {
  @Field(() => String, { nullable: true, description: '1 to 200 characters.' })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: 'Takes effect only once confirmed from the new address.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Digits, spaces, + ( ) . - ; 4 to 32 characters.' })
  phone?: string | null;

  @Field(() => ProfessionalContextChanges, { nullable: true })
  professional?: ProfessionalContextChanges | null;

  @Field(() => FinancialSituationChanges, { nullable: true })
  financialSituation?: FinancialSituationChanges | null;

  @Field(() => CommunicationPreferencesChanges, { nullable: true })
  communicationPreferences?: CommunicationPreferencesChanges | null;

  @Field(() => BillingAddressChanges, { nullable: true, description: 'Needs evidenceRef.' })
  billingAddress?: BillingAddressChanges | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The reference of the supporting document a billing address change needs (1 to 200 characters), e.g. the id of a proof of address sent to the DPO.',
  })
  evidenceRef?: string | null;
}

export interface Changes {
  fullName?: string;
  email?: string;
  phone?: string;
  professional?: ProfessionalChanges;
  financialSituation?: FinancialChanges;
  communicationPreferences?: PreferenceChanges;
  billingAddress?: AddressChanges;
  evidenceRef?: string;
}

export const RECTIFIABLE_FIELDS = [
  'fullName',
  'email',
  'phone',
  'professional',
  'financialSituation',
  'communicationPreferences',
  'billingAddress',
] as const;

const PHONE = /^\+?[0-9 ().-]{4,32}$/;

/** Checked values, trimmed; errors never repeat the value (it is personal data). */
export function validChanges(input: RectificationChanges | null | undefined, argumentName = 'changes'): Changes {
  const out: Changes = {};
  if (input?.fullName != null) {
    const name = input.fullName.trim().normalize('NFC');
    if (name.length === 0 || name.length > 200 || CONTROL_CHARACTERS.test(name))
      throw badUserInput(
        `"${argumentName}.fullName" must hold 1 to 200 characters and no control characters`,
        `${argumentName}.fullName`,
      );
    out.fullName = name;
  }
  if (input?.email != null) {
    checkEmail(input.email, `${argumentName}.email`);
    out.email = input.email.trim();
  }
  if (input?.phone != null) {
    const phone = input.phone.trim();
    if (!PHONE.test(phone))
      throw badUserInput(
        `"${argumentName}.phone" must be a phone number (digits, spaces, + ( ) . -; 4 to 32 characters)`,
        `${argumentName}.phone`,
      );
    out.phone = phone;
  }
  if (input?.professional != null)
    out.professional = validProfessional(input.professional, `${argumentName}.professional`);
  if (input?.financialSituation != null)
    out.financialSituation = validFinancial(input.financialSituation, `${argumentName}.financialSituation`);
  if (input?.communicationPreferences != null)
    out.communicationPreferences = validPreferences(
      input.communicationPreferences,
      `${argumentName}.communicationPreferences`,
    );
  if (input?.billingAddress != null) {
    // Who invoices are made out to is changed on a document, as the veloraqenvi policy says of
    // « informations bancaires » (decision 78): without its reference nothing changes.
    if (input.evidenceRef == null)
      throw badUserInput(
        `"${argumentName}.billingAddress" needs "${argumentName}.evidenceRef": the reference of a supporting document`,
        `${argumentName}.evidenceRef`,
      );
    out.billingAddress = validAddress(input.billingAddress, `${argumentName}.billingAddress`);
  }
  if (input?.evidenceRef != null) {
    if (input.billingAddress == null)
      throw badUserInput(
        `"${argumentName}.evidenceRef" goes with "${argumentName}.billingAddress" only`,
        `${argumentName}.evidenceRef`,
      );
    out.evidenceRef = text(input.evidenceRef, `${argumentName}.evidenceRef`, 200);
  }
  if (Object.keys(out).length === 0)
    throw badUserInput(`"${argumentName}" must change at least one of ${RECTIFIABLE_FIELDS.join(', ')}`, argumentName);
  return out;
}
