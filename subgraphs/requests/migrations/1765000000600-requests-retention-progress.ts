import { retentionProgressMigration } from '../../../common/privacy-contract';

/** Where a sweep stands between its chunks (issue 19, decision 260): a run that died part way goes on from there. */
export const RequestsRetentionProgress1765000000600 = retentionProgressMigration(
  'RequestsRetentionProgress1765000000600',
);
