import { randomUUID } from 'node:crypto';
import { dayStart } from '../../../common/calendar-date';
import { addDuration, isoDate } from '../../../common/duration';
import type { SubjectActivity } from '../ledger/contract.client';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { scheduleErasure } from './erasure';
import { inBatches, type LifecycleDeps, type LifecyclePass } from './lifecycle.ports';
import { endNotice, openNotice } from './notice-request';
import { guardiansOf, type GuardianContact } from './guardians';

/**
 * Minors (from the birth date, as of `asOf`), but those with a parental consent recorded.
 * ophelantyra (O22, O38): an ordinary erasure at once.
 * veloraqenvi (V24): without a recorded parental consent, the legal representatives are
 * contacted; the account is erased `consentDelay` after the contact unless one is recorded.
 */
export async function minors(deps: LifecycleDeps, asOf: string, pass: LifecyclePass): Promise<void> {
  const all = await deps.client.minors(dayStart(asOf), randomUUID());
  // A minor with an appropriate parental consent recorded stays (O38, V24), under either policy.
  const consented = new Set((await deps.store.parentalConsents(all.map((m) => m.id))).map((c) => c.subjectId));
  const found = all.filter((m) => !consented.has(m.id));
  const { consentDelay } = deps.policy.minors;
  if (consentDelay === null) {
    await inBatches(found, async (minor) => {
      const id = await scheduleErasure(
        deps,
        minor.id,
        `Under ${deps.policy.minimumAge} as of ${asOf}: erased when discovered.`,
        { cause: 'MINOR', at: dayStart(asOf) },
      );
      if (id) pass.erasures.push(id);
    });
    return;
  }
  const open = new Map((await deps.store.openOfKind('MINOR')).map((c) => [c.subjectId, c]));
  const guardians = await guardiansOf(
    deps,
    found.filter((m) => !open.has(m.id)).map((m) => m.id),
  );
  await inBatches(found, async (minor) => {
    const contact = open.get(minor.id);
    if (!contact)
      pass.warned.push(
        await contactGuardians(deps, minor, guardians.get(minor.id), asOf, addDuration(dayStart(asOf), consentDelay)),
      );
    else if (contact.dueAt <= dayStart(asOf)) await eraseWithoutConsent(deps, minor, contact, pass);
  });
}

/**
 * The « représentants légaux » message: to the guardian recorded for the child (O38, V45); without
 * one, to the account's own address, addressed to the legal representatives, and the contact is
 * marked `guardianUnreached` for the dpo, who may have to find them another way.
 */
function contactGuardians(
  deps: LifecycleDeps,
  minor: SubjectActivity,
  guardian: GuardianContact | undefined,
  asOf: string,
  due: Date,
): Promise<string> {
  const to = guardian ? { ...minor, email: guardian.email } : minor;
  const details = guardian ? { guardianReached: true } : {};
  return openNotice(
    deps,
    'MINOR',
    to,
    asOf,
    due,
    (tx, r, now) =>
      deps.notices.guardianContact(tx, r, minor.fullName ?? '', deps.policy.minimumAge, due, now, guardian?.name),
    details,
  );
}

async function eraseWithoutConsent(
  deps: LifecycleDeps,
  minor: SubjectActivity,
  contact: RightsRequestEntity,
  pass: LifecyclePass,
): Promise<void> {
  const id = await scheduleErasure(
    deps,
    minor.id,
    `Under ${deps.policy.minimumAge}, no parental consent by ${isoDate(contact.dueAt)} (request ${contact.id}).`,
    { cause: 'MINOR', at: contact.dueAt },
  );
  await endNotice(deps, contact, 'COMPLETED', null, id);
  if (id) pass.erasures.push(id);
}
