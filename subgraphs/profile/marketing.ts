import type { EntityManager } from 'typeorm';
import type { PreferenceChanges } from '../../common/privacy-contract/context-changes.input';
import type { ContractOperation } from '../../common/privacy-contract/contract.handlers';
import { ConsentPurpose, RestrictionScope } from '../../common/privacy-contract/processing';
import { CommunicationPreferenceEntity } from './entities/communication-preference.entity';
import type { ConsentEventEntity } from './entities/consent-event.entity';
import type { ProcessingRestrictionEntity } from '../../common/privacy-contract/restriction.entity';
import { ProfilePrivacyStore } from './profile.privacy.store';

/**
 * One source of truth for marketing (O29, O11, V17, V23): `programmeNews` and `eventInvitations`
 * are marketing mail, so they are views of the MARKETING consent. Withdrawing it (a consent
 * withdrawal, a restriction or an objection of MARKETING or ALL, the unsubscribe link) turns both
 * off in the transaction that records the withdrawal; turning either on records a consent event.
 */
const MARKETING: string = ConsentPurpose.MARKETING;

/** Both marketing preferences off, in the caller's transaction. */
export async function marketingOff(tx: EntityManager, subjectId: string, at: Date): Promise<number> {
  const result = await tx
    .getRepository(CommunicationPreferenceEntity)
    .update({ subjectId }, { programmeNews: false, eventInvitations: false, updatedAt: at });
  return result.affected ?? 0;
}

/** A restriction or objection (contract hook): marketing stops with MARKETING or ALL. */
export async function processingStopped(
  tx: EntityManager,
  op: ContractOperation,
  scope: RestrictionScope,
): Promise<void> {
  if (scope === RestrictionScope.MARKETING || scope === RestrictionScope.ALL)
    await marketingOff(tx, op.subjectId, op.at);
}

/**
 * A change of the preferences (rectification): turning one on is a positive action that grants
 * MARKETING (V23); both off afterwards withdraws it, as easily as it was given.
 */
export async function preferencesChanged(
  tx: EntityManager,
  op: ContractOperation,
  changes: PreferenceChanges,
): Promise<void> {
  const store = new ProfilePrivacyStore(tx);
  const row = await tx.getRepository(CommunicationPreferenceEntity).findOneBy({ subjectId: op.subjectId });
  if (!row) return;
  const on = row.programmeNews || row.eventInvitations;
  const granted = await store.consentInForce(op.subjectId, ConsentPurpose.MARKETING);
  if (on && (changes.programmeNews === true || changes.eventInvitations === true) && granted !== true)
    await store.appendConsent(op.subjectId, ConsentPurpose.MARKETING, true, op.at, 'PREFERENCES');
  else if (!on && granted === true)
    await store.appendConsent(op.subjectId, ConsentPurpose.MARKETING, false, op.at, 'PREFERENCES');
}

/** What the subject is shown: a preference is on only while MARKETING is consented and not stopped. */
export function preferencesView(
  row: CommunicationPreferenceEntity | null,
  events: readonly ConsentEventEntity[],
  restrictions: readonly ProcessingRestrictionEntity[],
): CommunicationPreferenceEntity | null {
  if (!row) return null;
  const latest = events.filter((e) => e.purpose === MARKETING).at(-1);
  // A restriction of contested data stops every processing too (V13), marketing included.
  const stopped = restrictions.some(
    (r) => r.liftedAt === null && (r.scope === MARKETING || r.scope === 'ALL' || r.categories !== null),
  );
  const allowed = latest?.granted === true && !stopped;
  return { ...row, programmeNews: row.programmeNews && allowed, eventInvitations: row.eventInvitations && allowed };
}
