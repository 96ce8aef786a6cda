import { makeNullable, privacyMigration } from '../../../common/privacy-contract';

/**
 * The privacy contract's tables, and what erasure needs here: an evaluation outlives its
 * author (its rating stays, for the aggregate statistics) but loses the link to the person and
 * to the session, so both columns must accept NULL.
 */
export const SessionsPrivacy1763760000000 = privacyMigration('SessionsPrivacy1763760000000', (runner) =>
  makeNullable(runner, 'session_evaluation', ['subject_id', 'session_id']),
);
