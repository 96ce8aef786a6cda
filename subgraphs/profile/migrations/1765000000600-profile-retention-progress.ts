import { retentionProgressMigration } from '../../../common/privacy-contract';

/** Where a sweep stands between its chunks (issue 19, decision 260): a run that died part way goes on from there. */
export const ProfileRetentionProgress1765000000600 = retentionProgressMigration(
  'ProfileRetentionProgress1765000000600',
);
