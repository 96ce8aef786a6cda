import type { ContractClient } from '../ledger/contract.client';
import { contractLegs, required } from '../ledger/contract.runner';
import type { Ledger } from '../ledger/ledger';

/**
 * O35: an issued invoice's wording corrected beside it. One leg, billing's privacy contract: only
 * billing keeps archived records (issued invoices), and it records the correction without
 * rewriting the invoice. The corrected wording leaves the request once it is closed.
 */
export function registerArchivedCorrections(ledger: Ledger, client: ContractClient): void {
  ledger.types.register('ARCHIVE_CORRECTION', {
    legs: ['billing'],
    run: contractLegs(client, (d) => {
      const correction = required(d.archiveCorrection, 'correction');
      return {
        operation: 'correct-archived',
        recordId: correction.invoiceId,
        description: required(correction.description, 'corrected description (closed already?)'),
      };
    }),
  });
}
