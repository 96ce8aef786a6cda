import type { Principal } from '../../../common/access';
import { fail } from '../../../common/errors';
import { appendAudit } from '../ledger/audit.store';
import type { Ledger } from '../ledger/ledger';
import type { PackageRelease } from './access.types';

/** A dpo releases a reviewed package: the request completes and its subject is told (V8). */
export class ExportApproval {
  constructor(
    private readonly ledger: Ledger,
    private readonly release: PackageRelease,
  ) {}

  async approve(id: string, principal: Principal): Promise<void> {
    const { store } = this.ledger;
    await store.write(async (tx) => {
      const request = await store.request(id, tx);
      if (!request) throw fail('NOT_FOUND', 'No request with this id.');
      if (request.status !== 'AWAITING_REVIEW')
        throw fail('REQUEST_CLOSED', `Only a request AWAITING_REVIEW can be approved; this one is ${request.status}.`);
      const now = new Date();
      const released = await this.release.release(tx, request, now);
      await store.saveRequest(tx, id, { ...released, status: 'COMPLETED', completedAt: now, updatedAt: now });
      await appendAudit(tx, now, [
        { requestId: id, action: 'EXPORT_APPROVED', actor: principal.sub, detail: {} },
        { requestId: id, action: 'REQUEST_COMPLETED', actor: principal.sub, detail: {} },
      ]);
    });
  }
}
