import type { ConsentEventEntity } from './entities/consent-event.entity';
import type { Consent, ConsentPurpose } from './types/consent.type';

/** Folds the append-only consent events (oldest first) into the consent in force per purpose. */
export function consentsFromEvents(events: readonly ConsentEventEntity[]): Consent[] {
  const byPurpose = new Map<ConsentPurpose, Consent>();
  for (const e of events) {
    const purpose = e.purpose as ConsentPurpose;
    const change = { granted: e.granted, recordedAt: e.recordedAt, source: e.source };
    const current = byPurpose.get(purpose);
    if (current) {
      current.granted = e.granted;
      current.updatedAt = e.recordedAt;
      current.history.push(change);
    } else {
      byPurpose.set(purpose, { purpose, granted: e.granted, updatedAt: e.recordedAt, history: [change] });
    }
  }
  return [...byPurpose.values()].sort((a, b) => a.purpose.localeCompare(b.purpose));
}
