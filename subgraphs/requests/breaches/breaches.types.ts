import { ReceiptOutcome } from '../../../common/privacy-contract/receipt';
import type { SubjectRecords } from '../access-package/subject-records';
import type { Ledger } from '../ledger/ledger';
import { parseDetails } from '../ledger/request-details';
import type { Notices } from '../mail/notices';

/** The one leg of a breach notification: this service's own record of it. */
export const BREACH_LEG = 'requests';

/** A breach notification as its subject reads it in their package. */
export interface BreachShown {
  at: string;
  reference: string;
  circumstances: string;
  consequences: string;
  measures: string;
  advice: string;
  categories: string[];
}

/**
 * Breaches told to the subjects they affect (O32, V38): a BREACH_NOTICE request with one leg,
 * this service's record, so that the notification is recorded with who sent it and when; once
 * completed the subject gets the message, and their package lists the notifications sent to them.
 * One incident is one reference: asked again for the same subject, the first request answers.
 */
export function registerBreaches(ledger: Ledger, notices: Notices, records: SubjectRecords): void {
  ledger.types.register('BREACH_NOTICE', {
    legs: [BREACH_LEG],
    existing: async (subjectId, details) => {
      const rows = await ledger.store.requestsBySubjects([subjectId]);
      const reference = details.breach?.reference;
      return (
        rows.find((r) => r.type === 'BREACH_NOTICE' && parseDetails(r.details).breach?.reference === reference)?.id ??
        null
      );
    },
    run: (request) =>
      Promise.resolve({
        subgraph: BREACH_LEG,
        operation: 'breach-notice',
        requestId: request.id,
        outcome: ReceiptOutcome.APPLIED,
        at: new Date(),
        entities: [],
        recipients: [],
        carriesOut: [],
      }),
  });
  ledger.types.listen({
    settling: async (tx, request, _legs, status, now) => {
      if (request.type !== 'BREACH_NOTICE' || status !== 'COMPLETED') return;
      const details = parseDetails(request.details);
      if (details.breach)
        await notices.toldOf(
          tx,
          request,
          {
            kind: 'BREACH_NOTIFIED',
            requestId: request.id,
            ...details.breach,
            categories: details.categories ?? [],
            at: now,
          },
          now,
        );
      return { changes: { notifyEmail: null } };
    },
  });
  records.add(async (subjectId) => {
    const rows = await ledger.store.requestsBySubjects([subjectId]);
    const breaches: BreachShown[] = rows.flatMap((r) => {
      const { breach, categories = [] } = parseDetails(r.details);
      if (r.type !== 'BREACH_NOTICE' || !breach) return [];
      return [{ at: r.receivedAt.toISOString(), ...breach, categories }];
    });
    return { breachNotices: breaches };
  });
}
