import { restrictedDataMigration } from '../../../common/privacy-contract';

/** A restriction may name the contested categories of data (issue 17, V13, V43). */
export const BillingRestrictedData1765000000200 = restrictedDataMigration('BillingRestrictedData1765000000200');
