import { ReceiptOutcome } from '../../../common/privacy-contract/receipt';
import type { Ledger } from '../ledger/ledger';
import { parseDetails } from '../ledger/request-details';
import type { Notices } from '../mail/notices';
import type { SubjectRecords } from '../access-package/subject-records';

/** The one leg of a disclosure: this service's own record of it. */
export const DISCLOSURE_LEG = 'requests';

/** A disclosure as its subject reads it in their package. */
export interface DisclosureShown {
  at: string;
  authority: string;
  legalBasis: string;
  reference: string;
  categories: string[];
}

/**
 * Disclosures to authorities in the ledger (O27, V34): a DISCLOSURE request with one leg, this
 * service's record; once completed the subject is told by mail unless the law forbids it, and
 * their package lists the disclosures they were told of (the others are not theirs to see).
 */
export function registerDisclosures(ledger: Ledger, notices: Notices, records: SubjectRecords): void {
  ledger.types.register('DISCLOSURE', {
    legs: [DISCLOSURE_LEG],
    run: (request) =>
      Promise.resolve({
        subgraph: DISCLOSURE_LEG,
        operation: 'disclosure',
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
      if (request.type !== 'DISCLOSURE' || status !== 'COMPLETED') return;
      const details = parseDetails(request.details);
      if (!details.disclosure?.tellSubject) return { changes: { notifyEmail: null } };
      const { authority, legalBasis } = details.disclosure;
      const categories = details.categories ?? [];
      const told = {
        kind: 'DISCLOSURE_MADE' as const,
        requestId: request.id,
        authority,
        legalBasis,
        categories,
        at: now,
      };
      await notices.toldOf(tx, request, told, now);
      return { changes: { notifyEmail: null } };
    },
  });
  records.add(async (subjectId) => {
    const rows = await ledger.store.requestsBySubjects([subjectId]);
    const disclosures: DisclosureShown[] = rows.flatMap((r) => {
      const d = parseDetails(r.details);
      if (r.type !== 'DISCLOSURE' || !d.disclosure?.tellSubject) return [];
      const { authority, legalBasis, reference } = d.disclosure;
      return [{ at: r.receivedAt.toISOString(), authority, legalBasis, reference, categories: d.categories ?? [] }];
    });
    return { disclosures };
  });
}
