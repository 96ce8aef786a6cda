import { contractLockMigration } from '../../../common/privacy-contract';

/** One subject's contract operations ordered by a row lock inside their transaction (decision 360). */
export const BillingContractLock1765000000900 = contractLockMigration('BillingContractLock1765000000900');
