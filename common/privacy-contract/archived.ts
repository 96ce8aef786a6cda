import { badUserInput } from '../errors';

/** An issued invoice's description holds at most this many characters: its correction too. */
export const MAX_CORRECTED_DESCRIPTION = 500;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** What a correction of an archived record says (O35): which record, and its corrected wording. */
export interface ArchivedCorrection {
  recordId: string;
  description: string;
}

/**
 * The corrected wording, trimmed, or BAD_USER_INPUT: checked by the ledger before anything is
 * recorded, and again by the subgraph that writes it (a second lock, like a hold's reason).
 */
export function correctedDescription(value: string, argumentName: string): string {
  const text = value.trim();
  if (text.length === 0 || text.length > MAX_CORRECTED_DESCRIPTION || CONTROL.test(text))
    throw badUserInput(
      `"${argumentName}" must hold 1 to ${MAX_CORRECTED_DESCRIPTION} characters and no control characters`,
      argumentName,
    );
  return text;
}
