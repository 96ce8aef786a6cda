import { holdsMigration } from '../../../common/privacy-contract';

/** The privacy contract's `legal_hold` table (issue 11): what erasure and the sweep must keep until released. */
export const BillingHolds1764500000000 = holdsMigration('BillingHolds1764500000000');
