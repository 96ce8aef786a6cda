import { receiptWidthMigration } from '../../../common/privacy-contract';

/** The ledger keeps each leg's receipt as the subgraph returned it: the same 16 MiB on MySQL. */
export const RequestsReceiptWidth1765000000700 = receiptWidthMigration(
  'RequestsReceiptWidth1765000000700',
  'request_leg',
  'receipt',
  true,
);
