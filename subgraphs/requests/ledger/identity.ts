import { CONTROL_CHARACTERS } from '../../../common/privacy-contract/context-changes.input';
import { registerEnumType } from 'type-graphql';
import { actsAsGuardian, hasRole, type Principal } from '../../../common/access';
import { badUserInput } from '../../../common/errors';

/**
 * How the subject's identity was verified before a request was acted on (O14: « après avoir
 * vérifié votre identité »; V27: « joignez une copie d'une pièce d'identité »). A request the
 * subject makes themself is verified by their own sign-in (SUBJECT_TOKEN); one a dpo enters on
 * their behalf (a letter, a call, a mail) says what the dpo checked and where the evidence is.
 */
export const IdentityMethod = {
  SUBJECT_TOKEN: 'SUBJECT_TOKEN',
  GUARDIAN_TOKEN: 'GUARDIAN_TOKEN',
  IDENTITY_DOCUMENT: 'IDENTITY_DOCUMENT',
  MAIL: 'MAIL',
  POST: 'POST',
  PHONE: 'PHONE',
  IN_PERSON: 'IN_PERSON',
  UNSUBSCRIBE_LINK: 'UNSUBSCRIBE_LINK',
} as const;
export type IdentityMethod = (typeof IdentityMethod)[keyof typeof IdentityMethod];
registerEnumType(IdentityMethod, {
  name: 'IdentityMethod',
  description:
    'SUBJECT_TOKEN: the subject signed in and asked themself; GUARDIAN_TOKEN: a legal representative signed in with a token bound to the child; otherwise what the dpo checked, required for every request a dpo enters: a copy of an identity document, a reply from the address on file (MAIL), a letter (POST), a call back (PHONE), in person. UNSUBSCRIBE_LINK: the signed link of a message, which only withdraws MARKETING.',
});

export interface IdentityRecord {
  identityMethod: IdentityMethod | null;
  identityEvidence: string | null;
  identityVerifiedBy: string | null;
  identityVerifiedAt: Date | null;
}

export interface GivenVerification {
  method: IdentityMethod;
  evidenceRef?: string | null;
}

const MAX_EVIDENCE = 200;

/**
 * The verification to record, or a BAD_USER_INPUT naming what is missing. The subject asking for
 * themself is verified by their token (anything given is ignored: a subject cannot vouch for
 * anything else). A dpo must say how they verified (`required`), never SUBJECT_TOKEN, and give
 * a reference to the evidence.
 */
export function identityVerification(
  principal: Principal,
  subjectId: string,
  given: GivenVerification | null | undefined,
  required: boolean,
  now: Date,
): IdentityRecord {
  if (principal.roles.includes('subject') && principal.subjectId === subjectId && !hasRole(principal, 'dpo')) {
    return {
      identityMethod: 'SUBJECT_TOKEN',
      identityEvidence: null,
      identityVerifiedBy: principal.sub,
      identityVerifiedAt: now,
    };
  }
  // The organisation bound the guardian's token to this child when it issued it (O38, V45).
  if (actsAsGuardian(principal, subjectId)) {
    return {
      identityMethod: 'GUARDIAN_TOKEN',
      identityEvidence: null,
      identityVerifiedBy: principal.sub,
      identityVerifiedAt: now,
    };
  }
  if (!given) {
    if (required)
      throw badUserInput(
        '"input.identityVerification" is required when a dpo enters a request for a subject: say how their identity was verified',
        'input.identityVerification',
      );
    return { identityMethod: null, identityEvidence: null, identityVerifiedBy: null, identityVerifiedAt: null };
  }
  if (given.method === 'SUBJECT_TOKEN' || given.method === 'GUARDIAN_TOKEN' || given.method === 'UNSUBSCRIBE_LINK')
    throw badUserInput(
      `"input.identityVerification.method" ${given.method} is not one a dpo checks: it is recorded by the product itself`,
      'input.identityVerification.method',
    );
  const evidence = given.evidenceRef?.trim() ?? '';
  if (evidence.length === 0)
    throw badUserInput(
      '"input.identityVerification.evidenceRef" is required: where the evidence of the verification is kept',
      'input.identityVerification.evidenceRef',
    );
  if (evidence.length > MAX_EVIDENCE || CONTROL_CHARACTERS.test(evidence))
    throw badUserInput(
      `"input.identityVerification.evidenceRef" must hold at most ${MAX_EVIDENCE} characters and no control characters`,
      'input.identityVerification.evidenceRef',
    );
  return {
    identityMethod: given.method,
    identityEvidence: evidence,
    identityVerifiedBy: principal.sub,
    identityVerifiedAt: now,
  };
}
