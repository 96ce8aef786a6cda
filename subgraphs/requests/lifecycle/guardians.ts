import type { EntityManager } from 'typeorm';
import type { Principal } from '../../../common/access';
import type { SubjectActivity } from '../ledger/contract.client';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { languageOf } from '../mail/templates/notice';
import { appendAudit } from '../ledger/audit.store';
import type { IdentityRecord } from '../ledger/identity';
import { newRequest } from '../ledger/new-request';
import { parseDetails } from '../ledger/request-details';
import type { GuardianRelationship } from '../ledger/types/guardian.type';
import type { LifecycleDeps } from './lifecycle.ports';
import { assertMinor } from './parental-consent';

/** A minor's legal representative as recorded: where the guardian message goes (O22, O38, V45). */
export interface GuardianContact {
  name: string;
  email: string;
  relationship: GuardianRelationship;
}

/**
 * Records a guardian contact on a minor's account as a completed GUARDIAN_CONTACT request (like a
 * parental consent: audited, among the child's requests, in their package). Refused for an
 * unknown or erased subject and for one who is not a minor today; a later one replaces it.
 */
export async function recordGuardian(
  deps: LifecycleDeps,
  subjectId: string,
  guardian: GuardianContact,
  principal: Principal,
  identity: IdentityRecord,
): Promise<string> {
  const child = await assertMinor(deps, subjectId, [new Date()], 'a guardian');
  const [running] = await deps.store.openOfKind('MINOR', { subjectId });
  const now = new Date();
  const request = newRequest({
    type: 'GUARDIAN_CONTACT',
    status: 'COMPLETED',
    subjectId,
    details: {
      guardianName: guardian.name,
      guardianEmail: guardian.email,
      guardianRelationship: guardian.relationship,
    },
    reason: null,
    submittedBy: principal.sub,
    receivedAt: now,
    dueAt: now,
    now,
    identity,
  });
  await deps.ledger.store.write(async (tx) => {
    await deps.ledger.record(tx, request, [], [], now);
    if (running) await reachGuardian(deps, tx, running, child, guardian, now);
    await appendAudit(tx, now, [
      {
        requestId: request.id,
        action: 'GUARDIAN_RECORDED',
        actor: principal.sub,
        // Who they are to the child, never their name or address (those stay in the request).
        detail: { subjectId, relationship: guardian.relationship, identityMethod: identity.identityMethod },
      },
    ]);
  });
  return request.id;
}

/**
 * A contact of the legal representatives already running (the message went to the account's
 * address, or to an earlier guardian): the guardian now recorded is written to at once, with the
 * same date to answer by, and the contact says they were reached.
 */
async function reachGuardian(
  deps: LifecycleDeps,
  tx: EntityManager,
  running: RightsRequestEntity,
  child: SubjectActivity,
  guardian: GuardianContact,
  now: Date,
): Promise<void> {
  const addressed = {
    ...running,
    notifyEmail: guardian.email,
    notifyLanguage: languageOf(child.locale, deps.notices.defaultLanguage),
  };
  const { minimumAge } = deps.policy;
  await deps.notices.guardianContact(
    tx,
    addressed,
    child.fullName ?? '',
    minimumAge,
    running.dueAt,
    now,
    guardian.name,
  );
  const details = { ...parseDetails(running.details), guardianReached: true };
  await deps.ledger.store.saveRequest(tx, running.id, { details: JSON.stringify(details), updatedAt: now });
}

/** The guardian contact in force for each of these subjects (the latest recorded), by subject id. */
export async function guardiansOf(
  deps: Pick<LifecycleDeps, 'store'>,
  subjectIds: readonly string[],
): Promise<Map<string, GuardianContact>> {
  const found = new Map<string, GuardianContact>();
  // Oldest first: a later contact replaces an earlier one.
  for (const row of await deps.store.guardianContacts(subjectIds)) {
    const d = parseDetails(row.details);
    if (d.guardianName && d.guardianEmail)
      found.set(row.subjectId, {
        name: d.guardianName,
        email: d.guardianEmail,
        relationship: d.guardianRelationship ?? 'PARENT',
      });
  }
  return found;
}
