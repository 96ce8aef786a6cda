import { retentionProgressMigration } from '../../../common/privacy-contract';

/** Where a sweep stands between its chunks (issue 19, decision 260): a run that died part way goes on from there. */
export const SessionsRetentionProgress1765000000600 = retentionProgressMigration(
  'SessionsRetentionProgress1765000000600',
);
