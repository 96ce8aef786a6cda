import { holdsMigration } from '../../../common/privacy-contract';

/** The privacy contract's `legal_hold` table (issue 11): what erasure and the sweep must keep until released. */
export const SessionsHolds1764500000000 = holdsMigration('SessionsHolds1764500000000');
