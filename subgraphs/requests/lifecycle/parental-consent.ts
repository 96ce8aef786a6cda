import { randomUUID } from 'node:crypto';
import type { Principal } from '../../../common/access';
import { dayStart } from '../../../common/calendar-date';
import { fail, noSuchSubject } from '../../../common/errors';
import { appendAudit } from '../ledger/audit.store';
import type { SubjectActivity } from '../ledger/contract.client';
import type { IdentityRecord } from '../ledger/identity';
import { newRequest } from '../ledger/new-request';
import type { LifecycleDeps } from './lifecycle.ports';

export interface ParentalConsent {
  guardianName: string;
  givenOn: string;
  evidenceRef: string;
}

/**
 * A parental consent (V24): who gave it, on which day, where the evidence is, recorded as a
 * completed request. Refused for an unknown or erased subject and for one who is not a minor;
 * ends a running contact of the legal representatives.
 */
export async function recordParentalConsent(
  deps: LifecycleDeps,
  subjectId: string,
  consent: ParentalConsent,
  principal: Principal,
  identity: IdentityRecord,
): Promise<string> {
  await assertMinor(deps, subjectId, [dayStart(consent.givenOn), new Date()], 'a parental consent');
  const now = new Date();
  const request = newRequest({
    type: 'PARENTAL_CONSENT',
    status: 'COMPLETED',
    subjectId,
    details: consent,
    reason: null,
    submittedBy: principal.sub,
    receivedAt: now,
    dueAt: now,
    now,
    identity,
  });
  const [open] = await deps.store.openOfKind('MINOR', { subjectId });
  await deps.ledger.store.write(async (tx) => {
    await deps.ledger.record(tx, request, [], [], now);
    if (open)
      await deps.ledger.store.saveRequest(tx, open.id, {
        status: 'REJECTED',
        rejectionReason: 'A parental consent was recorded.',
        liveKind: null,
        completedAt: now,
        updatedAt: now,
      });
    await appendAudit(tx, now, [
      {
        requestId: request.id,
        action: 'PARENTAL_CONSENT_RECORDED',
        actor: principal.sub,
        detail: { subjectId, identityMethod: identity.identityMethod },
      },
    ]);
  });
  return request.id;
}

/**
 * A minor on one of these days (the day a consent was given, or now); refused otherwise, with
 * `what` (a parental consent, a guardian) named as having no place for an adult.
 */
export async function assertMinor(
  deps: LifecycleDeps,
  subjectId: string,
  on: readonly Date[],
  what: string,
): Promise<SubjectActivity> {
  const [subject] = await deps.client.subjectsActivity([subjectId], randomUUID());
  if (!subject) throw noSuchSubject();
  if (subject.status === 'ERASED') throw fail('SUBJECT_ERASED', 'This subject is already erased.');
  for (const day of on)
    if ((await deps.client.minors(day, randomUUID())).some((m) => m.id === subjectId)) return subject;
  throw fail('NOT_A_MINOR', `This subject is not under ${deps.policy.minimumAge}: ${what} has no place here.`);
}
