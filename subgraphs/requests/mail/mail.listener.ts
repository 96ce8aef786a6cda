import type { RequestListener } from '../ledger/registry';
import { parseDetails } from '../ledger/request-details';
import type { Notices } from './notices';

/** Their last message is the package's (access-package/), written when it is released. */
const EXPORTS: readonly string[] = ['ACCESS', 'PORTABILITY'];

/**
 * What the ledger's changes tell the subject (Art. 12(3), 12(4)): received, extended, rejected,
 * completed with what was kept and why. Each message is written in the transaction of its change,
 * so it exists if and only if the change does.
 */
export function mailListener(notices: Notices): RequestListener {
  return {
    received: (tx, request, now) => notices.received(tx, request, now),
    extended: (tx, request, { reason, months, dueAt }, now) =>
      notices.extended(tx, request, reason, months, dueAt, now),
    rejected: (tx, request, reason, now) => notices.rejected(tx, request, reason, now),
    settling: async (tx, request, legs, status, now) => {
      if (status === 'FAILED') return notices.failed(tx, request, legs, now);
      const details = parseDetails(request.details);
      // An examined objection completes its legs twice: examined (restricted meanwhile), then decided.
      if (status === 'UNDER_EXAMINATION' || (status === 'COMPLETED' && details.objection))
        return notices.objection(tx, request, now);
      if (status !== 'COMPLETED' || EXPORTS.includes(request.type)) return;
      // To the address captured at receipt, or the new one, now confirmed and applied.
      await notices.completed(tx, request, legs, details.changes?.email, now);
    },
  };
}
