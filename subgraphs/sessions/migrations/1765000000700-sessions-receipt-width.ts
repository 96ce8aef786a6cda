import { privacyReceiptWidthMigration } from '../../../common/privacy-contract';

/** Receipts past 64 KiB on MySQL: a hold over a subject with hundreds of records. */
export const SessionsReceiptWidth1765000000700 = privacyReceiptWidthMigration('SessionsReceiptWidth1765000000700');
