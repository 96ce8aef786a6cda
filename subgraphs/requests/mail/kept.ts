import {
  ARCHIVED_AFTER_CLOSURE,
  HOLD_RELEASED,
  receiptFromJson,
  RetentionGround,
} from '../../../common/privacy-contract';
import type { RequestLegEntity } from '../ledger/entities/request-leg.entity';
import type { PrivacyPolicy } from '../../../policies';
import { dueDate } from '../ledger/deadlines';
import type { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { parseDetails } from '../ledger/request-details';
import type { Cause, KeptBasis, KeptRecords } from './templates/notice';

/**
 * Why a kept record is kept, as the subject is told: a hold (it ends when released), the archive
 * a closure leaves (veloraqenvi's support exchanges, marked by the support service), a legal
 * obligation (Art. 17(3)(b)), or else legal claims (a dispute, Art. 17(3)(e)).
 */
export function basisOf(r: { ground: string; untilEvent: string | null; reason?: string | null }): KeptBasis {
  if (r.untilEvent === HOLD_RELEASED) return 'HOLD';
  if (r.reason === ARCHIVED_AFTER_CLOSURE) return 'CLOSURE_ARCHIVE';
  if (r.ground === (RetentionGround.ART_17_3_B as string)) return 'LEGAL_OBLIGATION';
  return 'LEGAL_CLAIMS';
}

/** The records the receipts kept, per kind and basis: how many, and the latest date they are kept until. */
export function keptRecords(legs: readonly Pick<RequestLegEntity, 'receipt'>[]): KeptRecords[] {
  const byKey = new Map<string, KeptRecords>();
  const open = new Set<string>();
  for (const leg of legs) {
    if (!leg.receipt) continue;
    for (const entity of receiptFromJson(leg.receipt).entities) {
      for (const r of entity.retained) {
        const basis = basisOf(r);
        const key = `${entity.entity}/${basis}`;
        const seen = byKey.get(key);
        // Kept until the last of them goes; an event with no date outlasts any date.
        if (r.until === null) open.add(key);
        if (!seen) byKey.set(key, { entity: entity.entity, count: 1, basis, until: r.until });
        else {
          seen.count += 1;
          if (seen.until && r.until && r.until > seen.until) seen.until = r.until;
        }
      }
    }
  }
  return [...byKey.entries()].map(([key, k]) => (open.has(key) ? { ...k, until: null } : k));
}

/** A request's cause, from its details (absent: the subject asked). */
export function causeOf(details: string): Cause {
  const d = parseDetails(details);
  if (!d.cause || d.cause === 'REQUEST' || !d.causeAt) return { cause: 'REQUEST' };
  return { cause: d.cause, at: new Date(d.causeAt) };
}

/** When a closure's erasure is due: counted from the closure (ophelantyra: thirty days); null: at once. */
export function closureErasureBy(
  policy: PrivacyPolicy,
  closure: Pick<RightsRequestEntity, 'details' | 'receivedAt'>,
): Date | null {
  if (policy.closure.eraseAfter === 'P0D') return null;
  const closedAt = parseDetails(closure.details).closedAt;
  return dueDate(policy, 'ERASURE', closedAt ? new Date(closedAt) : closure.receivedAt);
}
