import { restrictedDataMigration } from '../../../common/privacy-contract';

/** A restriction may name the contested categories of data (issue 17, V13, V43). */
export const SessionsRestrictedData1765000000200 = restrictedDataMigration('SessionsRestrictedData1765000000200');
