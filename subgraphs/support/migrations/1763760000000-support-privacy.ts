import { privacyMigration } from '../../../common/privacy-contract';

/** The privacy contract's tables. Erasure deletes whole tickets, or keeps them whole: no column changes. */
export const SupportPrivacy1763760000000 = privacyMigration('SupportPrivacy1763760000000');
