import { contractLockMigration } from '../../../common/privacy-contract';

/** One subject's contract operations ordered by a row lock inside their transaction (decision 360). */
export const ProfileContractLock1765000000900 = contractLockMigration('ProfileContractLock1765000000900');
