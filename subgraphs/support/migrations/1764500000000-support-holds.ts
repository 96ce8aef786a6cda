import { holdsMigration } from '../../../common/privacy-contract';

/** The privacy contract's `legal_hold` table (issue 11): what erasure and the sweep must keep until released. */
export const SupportHolds1764500000000 = holdsMigration('SupportHolds1764500000000');
