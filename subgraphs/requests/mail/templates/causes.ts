import type { Cause, Language, Of } from './notice';
import { day, RIGHT } from './words';

/**
 * The first lines of a request's messages, naming its real cause: the subject's own request, their
 * closure, their inactivity, their age, or a guardian's request. No message tells an erasure the
 * account's life scheduled as « votre demande ».
 */

const isRequest = (cause: Cause | undefined): cause is { cause: 'REQUEST' } | undefined =>
  !cause || cause.cause === 'REQUEST';

/** Subject line of an outcome: an erasure the subject did not ask for is told as what it is. */
export function completedSubject(language: Language, n: Of<'REQUEST_COMPLETED'>): string {
  if (isRequest(n.cause) || n.right !== 'ERASURE')
    return language === 'fr' ? 'Votre demande a été traitée' : 'Your request has been carried out';
  return language === 'fr' ? 'Vos données ont été effacées' : 'Your data has been erased';
}

export function completedLine(language: Language, n: Of<'REQUEST_COMPLETED'>): string {
  const done = day(language, n.completedAt);
  const fr = language === 'fr';
  const cause = n.cause;
  if (isRequest(cause))
    return fr
      ? `Votre ${RIGHT.fr[n.right]} a été traitée le ${done} dans tous nos services.`
      : `Your ${RIGHT.en[n.right]} was carried out on ${done} in all our services.`;
  const at = day(language, cause.at);
  switch (cause.cause) {
    case 'CLOSURE':
      return fr
        ? `Vous avez fermé votre compte le ${at}. Comme annoncé, vos données ont été effacées le ${done} dans tous nos services.`
        : `You closed your account on ${at}. As announced, your data was erased on ${done} in all our services.`;
    case 'INACTIVITY':
      return fr
        ? `Votre compte n'a pas été utilisé depuis le ${at} et notre avertissement est resté sans réponse : votre compte et vos données ont été effacés le ${done} dans tous nos services.`
        : `Your account had not been used since ${at} and our warning received no answer: your account and your data were erased on ${done} in all our services.`;
    case 'MINOR':
      return fr
        ? `Ce compte est celui d'une personne qui n'a pas l'âge minimum fixé par notre politique, sans consentement parental : ses données ont été effacées le ${done} dans tous nos services.`
        : `This account belongs to someone under the minimum age our policy sets, without parental consent: its data was erased on ${done} in all our services.`;
    case 'GUARDIAN':
      return fr
        ? `La ${RIGHT.fr[n.right]} présentée le ${at} par votre représentant légal a été traitée le ${done} dans tous nos services.`
        : `The ${RIGHT.en[n.right]} made on ${at} by your legal representative was carried out on ${done} in all our services.`;
  }
}

export function receivedLine(language: Language, n: Of<'REQUEST_RECEIVED'>): string {
  const fr = language === 'fr';
  const on = day(language, n.receivedAt);
  if (n.cause?.cause === 'GUARDIAN')
    return fr
      ? `Nous avons reçu le ${on} la ${RIGHT.fr[n.right]} présentée par votre représentant légal.`
      : `We received on ${on} the ${RIGHT.en[n.right]} made by your legal representative.`;
  return fr
    ? `Nous avons reçu le ${on} votre ${RIGHT.fr[n.right]}.`
    : `We received your ${RIGHT.en[n.right]} on ${on}.`;
}

/** A closure's outcome says when its erasure comes (ophelantyra: thirty days of the closure). */
export function closureLine(language: Language, n: Of<'REQUEST_COMPLETED'>): string | false {
  if (n.right !== 'CLOSURE' || n.erasureBy === undefined) return false;
  if (n.erasureBy === null)
    return language === 'fr'
      ? 'Vos données principales sont effacées dès maintenant ; nous vous écrirons quand ce sera fait.'
      : 'Your main data is being erased now; we will write to you when it is done.';
  const by = day(language, n.erasureBy);
  return language === 'fr'
    ? `Vos données seront effacées au plus tard le ${by}, sauf ce que la loi nous oblige à garder ; nous vous écrirons alors.`
    : `Your data will be erased by ${by} at the latest, except what the law requires us to keep; we will write to you then.`;
}
