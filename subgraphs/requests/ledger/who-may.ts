import { actsFor, forbidden, hasRole, type Principal } from '../../../common/access';
import { badUserInput } from '../../../common/errors';

/**
 * Submitting a request: a DPO for anyone, a subject for themself (Art. 12(2): make it easy), a
 * guardian for the child their token is bound to (O38, V45), never for anyone else.
 */
export function maySubmitFor(p: Principal, subjectId: string): boolean {
  return hasRole(p, 'dpo') || actsFor(p, subjectId);
}

export function assertSubmitFor(p: Principal, subjectId: string): void {
  if (!maySubmitFor(p, subjectId)) throw forbidden('Your role may not submit a rights request for this subject.');
}

/** Reading the ledger: a DPO or the export tooling for anyone, a subject (or their guardian) for themself. */
export function mayReadFor(p: Principal, subjectId: string): boolean {
  return hasRole(p, 'dpo', 'service') || actsFor(p, subjectId);
}

const MAX_REASON = 1000;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A free-text reason: trimmed, at most 1000 characters, no control characters; `required`: not blank. */
export function reasonText(value: string | null | undefined, argumentName: string, required: boolean): string | null {
  const text = value?.trim() ?? '';
  if (text.length === 0) {
    if (required) throw badUserInput(`"${argumentName}" is required: say why`, argumentName);
    return null;
  }
  if (text.length > MAX_REASON || CONTROL.test(text))
    throw badUserInput(
      `"${argumentName}" must hold at most ${MAX_REASON} characters and no control characters`,
      argumentName,
    );
  return text;
}
