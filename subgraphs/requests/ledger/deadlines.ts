import { addDuration, addMonths, durationMonths } from '../../../common/duration';
import type { PrivacyPolicy } from '../../../policies';
import type { RequestType } from './request.enums';

/** The policy's shorter promises, by request type (ophelantyra: a copy within 15 days; veloraqenvi: 48 hours). */
const PROMISE: Partial<Record<RequestType, (d: PrivacyPolicy['deadlines']) => string>> = {
  ERASURE: (d) => d.erasure,
  RECTIFICATION: (d) => d.rectification,
  ACCESS: (d) => d.access,
  PORTABILITY: (d) => d.portability,
};

/**
 * Art. 12(3): one month from receipt, or the shorter promise of the configured policy
 * (ophelantyra: erasure within 30 days).
 */
export function dueDate(policy: PrivacyPolicy, type: RequestType, receivedAt: Date): Date {
  const d = policy.deadlines;
  const promise = PROMISE[type]?.(d) ?? d.default;
  const legal = addDuration(receivedAt, d.default);
  const promised = addDuration(receivedAt, promise);
  return promised < legal ? promised : legal;
}

/** Art. 12(3): "extended by two further months where necessary", counted from the first deadline. */
export function maxExtensionMonths(policy: PrivacyPolicy): number {
  return durationMonths(policy.deadlines.maxExtension);
}

/**
 * A request's deadline once `months` more are added to its extensions: whole months counted
 * from the first deadline, never from a previous extension; null when the extensions would
 * pass the policy's maximum in all.
 */
export function extendDeadline(
  policy: PrivacyPolicy,
  request: { initialDueAt: Date; extendedMonths: number },
  months: number,
): { dueAt: Date; extendedMonths: number } | null {
  const extendedMonths = request.extendedMonths + months;
  if (extendedMonths > maxExtensionMonths(policy)) return null;
  return { dueAt: addMonths(request.initialDueAt, extendedMonths), extendedMonths };
}
