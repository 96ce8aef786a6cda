import type { Principal } from '../../../common/access';
import { fail } from '../../../common/errors';
import { appendAudit } from '../ledger/audit.store';
import type { Ledger } from '../ledger/ledger';
import { sha256 } from './submission';

/**
 * A new email proven by the code sent to it (Art. 16 with proof of the address; V12): the
 * rectification waits, recorded and RECEIVED, until its code comes back; then it runs.
 */
export class EmailConfirmation {
  constructor(private readonly ledger: Ledger) {}

  async confirm(token: string, principal: Principal, mayAct: (subjectId: string) => boolean): Promise<string> {
    const { store } = this.ledger;
    const request = await store.requestByConfirmation(sha256(token));
    // Unknown, expired, or someone else's: one answer, so that codes cannot be probed.
    if (
      !request ||
      !request.awaitingConfirmation ||
      !request.confirmationExpiresAt ||
      request.confirmationExpiresAt < new Date() ||
      !mayAct(request.subjectId) ||
      request.status !== 'RECEIVED'
    ) {
      throw fail('INVALID_TOKEN', 'This confirmation code is not valid (unknown, used, or expired).');
    }
    const now = new Date();
    await store.write(async (tx) => {
      await store.saveRequest(tx, request.id, {
        awaitingConfirmation: false,
        confirmationHash: null,
        confirmationExpiresAt: null,
        updatedAt: now,
      });
      await appendAudit(tx, now, [
        { requestId: request.id, action: 'EMAIL_CONFIRMED', actor: principal.sub, detail: {} },
      ]);
    });
    await this.ledger.fanout.dispatch(request.id);
    return request.id;
  }
}
