import { Field, InputType } from 'type-graphql';
import { badUserInput } from '../errors';
import { email as checkEmail } from '../validation';

/**
 * A rectification (Art. 16) of the identity and contact data every copy of which the contract
 * reaches: the profile, the billing account, the support tickets' contact. At least one field.
 */
@InputType({ description: 'New values; a field left out is not changed. At least one is required.' })
export class RectificationChanges {
  @Field(() => String, { nullable: true, description: '1 to 200 characters.' })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: 'Takes effect only once confirmed from the new address.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Digits, spaces, + ( ) . - ; 4 to 32 characters.' })
  phone?: string | null;
}

export interface Changes {
  fullName?: string;
  email?: string;
  phone?: string;
}

export const RECTIFIABLE_FIELDS = ['fullName', 'email', 'phone'] as const;

const PHONE = /^\+?[0-9 ().-]{4,32}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Checked values, trimmed; errors never repeat the value (it is personal data). */
export function validChanges(input: RectificationChanges | null | undefined, argumentName = 'changes'): Changes {
  const out: Changes = {};
  if (input?.fullName != null) {
    const name = input.fullName.trim().normalize('NFC');
    if (name.length === 0 || name.length > 200 || CONTROL.test(name))
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
  if (Object.keys(out).length === 0)
    throw badUserInput(`"${argumentName}" must change at least one of ${RECTIFIABLE_FIELDS.join(', ')}`, argumentName);
  return out;
}
