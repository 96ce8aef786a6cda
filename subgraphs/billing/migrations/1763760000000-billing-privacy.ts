import { makeNullable, privacyMigration } from '../../../common/privacy-contract';

/**
 * The privacy contract's tables, and what erasure needs here: a billing account outlives an
 * erasure while its invoices must be kept, without the copy of the email it was opened with
 * (billing_phone was nullable from the start).
 */
export const BillingPrivacy1763760000000 = privacyMigration('BillingPrivacy1763760000000', (runner) =>
  makeNullable(runner, 'billing_account', ['billing_email']),
);
