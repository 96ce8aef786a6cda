import { addDuration, addMonths, durationMonths } from '../../common/duration';
import type { PrivacyPolicy } from '../../policies';
import type { RequestType } from './request.enums';

/**
 * Art. 12(3): one month from receipt, or the shorter promise of the configured policy
 * (ophelantyra: erasure within 30 days).
 */
export function dueDate(policy: PrivacyPolicy, type: RequestType, receivedAt: Date): Date {
  const d = policy.deadlines;
  const promise = type === 'ERASURE' ? d.erasure : type === 'RECTIFICATION' ? d.rectification : d.default;
  const legal = addDuration(receivedAt, d.default);
  const promised = addDuration(receivedAt, promise);
  return promised < legal ? promised : legal;
}

/** Art. 12(3): "extended by two further months where necessary", counted from the first deadline. */
export function maxExtensionMonths(policy: PrivacyPolicy): number {
  return durationMonths(policy.deadlines.maxExtension);
}

export function extendedDueDate(initialDueAt: Date, months: number): Date {
  return addMonths(initialDueAt, months);
}
