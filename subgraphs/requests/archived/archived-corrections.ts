import { randomUUID } from 'node:crypto';
import type { Principal } from '../../../common/access';
import { fail } from '../../../common/errors';
import { ContractError, type ContractClient } from '../ledger/contract.client';
import type { IdentityRecord } from '../ledger/identity';
import type { Submissions } from '../rights/submission';

/** What support asks: whose invoice, its corrected wording, why, and how the identity was verified. */
export interface ArchivedCorrectionAsked {
  subjectId: string;
  invoiceId: string;
  description: string;
  reason: string;
  identity: IdentityRecord;
  principal: Principal;
  idempotencyKey?: string | null;
}

/**
 * Corrections of archived records (O35): the integrity check comes before anything is recorded.
 * The invoice must be the subject's, as billing says (an unknown invoice and another subject's
 * are the same NOT_FOUND: the answer tells nothing of other subjects); then the request is an
 * ordinary ledger request, whose one leg records the correction beside the invoice.
 */
export class ArchivedCorrections {
  constructor(
    private readonly submissions: Submissions,
    private readonly client: ContractClient,
  ) {}

  async submit(asked: ArchivedCorrectionAsked): Promise<string> {
    if (!(await this.invoiceOf(asked.subjectId, asked.invoiceId)))
      throw fail('NOT_FOUND', 'No such invoice of this subject: nothing was recorded.');
    return this.submissions.submit({
      type: 'ARCHIVE_CORRECTION',
      subjectId: asked.subjectId,
      details: { archiveCorrection: { invoiceId: asked.invoiceId, description: asked.description } },
      reason: asked.reason,
      principal: asked.principal,
      identity: asked.identity,
      idempotencyKey: asked.idempotencyKey,
    });
  }

  private async invoiceOf(subjectId: string, invoiceId: string): Promise<boolean> {
    try {
      return await this.client.archivedRecord(subjectId, invoiceId, randomUUID());
    } catch (error) {
      if (error instanceof ContractError && error.code === 'SUBGRAPH_UNAVAILABLE')
        throw fail(
          'SUBGRAPH_UNAVAILABLE',
          'The billing service did not answer, so the invoice could not be checked; nothing was recorded. Try again.',
        );
      throw error;
    }
  }
}
