import type { Principal } from '../../../common/access';
import { badUserInput, fail } from '../../../common/errors';
import { objectionExamined, type ObjectionDecision } from '../../../common/privacy-contract/processing';
import type { PrivacyPolicy } from '../../../policies';
import { appendAudit } from '../ledger/audit.store';
import type { Ledger } from '../ledger/ledger';
import type { RequestListener } from '../ledger/registry';
import { parseDetails, underExamination, type RequestDetails } from '../ledger/request-details';

/**
 * An objection to a legitimate-interest processing (O36, V46): its legs record the objection at
 * once, so the processing is restricted meanwhile (V13, V43), and the request then waits as
 * UNDER_EXAMINATION instead of completing, until a dpo decides.
 */
export function objectionExamination(): RequestListener {
  return {
    settling: (_tx, request, _legs, status) => {
      if (request.type !== 'OBJECTION' || status !== 'COMPLETED') return Promise.resolve();
      if (!underExamination(parseDetails(request.details))) return Promise.resolve();
      return Promise.resolve({
        status: 'UNDER_EXAMINATION',
        audit: [{ requestId: request.id, action: 'OBJECTION_UNDER_EXAMINATION', actor: 'worker', detail: {} }],
      });
    },
  };
}

/**
 * A dpo's decision on an objection under examination, with reasons. Upheld: the objection stays
 * for good. Refused: the same legs run again and end it in every subgraph (privacyUnobject). Either
 * way the request completes once its legs are done, and its completion tells the subject the
 * decision and the reasons (mail/).
 */
export class ObjectionDecisions {
  constructor(
    private readonly ledger: Ledger,
    private readonly policy: PrivacyPolicy,
  ) {}

  /** What a new objection to this processing records: examined, or nothing (it takes effect at once). */
  examination(purpose: string): Pick<RequestDetails, 'objection'> {
    return objectionExamined(purpose, this.policy.consentRequiredFor) ? { objection: { examined: true } } : {};
  }

  async decide(id: string, decision: ObjectionDecision, reasons: string, principal: Principal): Promise<void> {
    const { store } = this.ledger;
    await store.write(async (tx) => {
      await store.lockRequest(tx, id);
      const request = await store.request(id, tx);
      if (!request) throw fail('NOT_FOUND', 'No request with this id.');
      const details = parseDetails(request.details);
      if (request.type !== 'OBJECTION' || !details.objection)
        throw badUserInput('Only an objection to a legitimate-interest processing is decided by a dpo.', 'requestId');
      if (request.status !== 'UNDER_EXAMINATION' || !underExamination(details))
        throw fail(
          'REQUEST_CLOSED',
          `Only an objection UNDER_EXAMINATION can be decided; this one is ${request.status}.`,
        );
      const now = new Date();
      const decided: RequestDetails = {
        ...details,
        objection: { examined: true, decision, reasons, decidedBy: principal.sub, decidedAt: now.toISOString() },
      };
      for (const leg of await store.legsByRequests([id], tx))
        await store.saveLeg(tx, id, leg.subgraph, {
          status: 'PENDING',
          attempts: 0,
          nextAttemptAt: now,
          claimedUntil: null,
          updatedAt: now,
        });
      await store.saveRequest(tx, id, { status: 'IN_PROGRESS', details: JSON.stringify(decided), updatedAt: now });
      await appendAudit(tx, now, [
        { requestId: id, action: `OBJECTION_${decision}`, actor: principal.sub, detail: { purpose: details.purpose } },
      ]);
    });
    await this.ledger.fanout.dispatch(id);
  }
}
