import { SUBJECT_REQUEST_TYPES } from '../ledger/request.enums';
import type { RightName } from './templates/notice';

/**
 * Changes that complete at once (one message, not « received » then « done » in the same
 * second): only their outcome is sent. A failure still tells the subject of the delay.
 */
export const AT_ONCE: readonly string[] = ['CONSENT', 'RESTRICTION', 'LIFT_RESTRICTION', 'OBJECTION', 'CLOSURE'];

/**
 * The requests a person makes, whose subject is told what became of them; any other run (a
 * retention sweep, say) tells nobody.
 */
const RIGHTS: readonly RightName[] = SUBJECT_REQUEST_TYPES;

/** Not a request of the subject, yet they may be told of it by a message of its own (a disclosure). */
export const ADDRESSED: readonly string[] = ['DISCLOSURE', 'BREACH_NOTICE'];

export function tellsSubject(type: string): type is RightName {
  return (RIGHTS as readonly string[]).includes(type);
}
