import { randomUUID } from 'node:crypto';
import type { Principal } from '../../../common/access';
import { DATA_SUBGRAPH_NAMES } from '../../../common/config';
import type { PrivacyPolicy } from '../../../policies';
import { appendAudit } from '../ledger/audit.store';
import type { ContractCall, ContractClient } from '../ledger/contract.client';
import { dueDate } from '../ledger/deadlines';
import { askEveryLeg, auditedLegs } from '../ledger/dry-run';
import type { Ledger } from '../ledger/ledger';
import { dryRunView, type RequestView } from '../ledger/request.view';
import type { Submissions } from './submission';

/**
 * An erasure previewed: every data subgraph asked with dryRun (the real run, rolled back), the
 * receipts the erasure would give answered at once; nothing recorded but the audit row.
 */
export class ErasurePreview {
  constructor(
    private readonly ledger: Ledger,
    private readonly submissions: Submissions,
    private readonly client: ContractClient,
    private readonly policy: PrivacyPolicy,
  ) {}

  async preview(
    subjectId: string,
    reason: string | null,
    principal: Principal,
    categories?: string[],
  ): Promise<RequestView> {
    const details = categories ? { categories } : {};
    // The same checks as the erasure itself, but an erasure already recorded is no refusal here.
    await this.submissions.existing({ type: 'ERASURE', subjectId, details });
    await this.submissions.contact(subjectId, 'ERASURE');
    const id = randomUUID();
    const call: ContractCall = { operation: 'erase', dryRun: true, categories: categories ?? null };
    const legs = await askEveryLeg(DATA_SUBGRAPH_NAMES, (subgraph) => this.client.call(subgraph, subjectId, id, call));
    const now = new Date();
    await this.ledger.store.write((tx) =>
      appendAudit(tx, now, [
        {
          requestId: null,
          action: 'ERASURE_DRY_RUN',
          actor: principal.sub,
          detail: { subjectId, legs: auditedLegs(legs) },
        },
      ]),
    );
    return dryRunView({
      id,
      type: 'ERASURE',
      subjectId,
      reason,
      submittedBy: principal.sub,
      now,
      due: dueDate(this.policy, 'ERASURE', now),
      legs,
      categories: categories ?? null,
    });
  }
}
