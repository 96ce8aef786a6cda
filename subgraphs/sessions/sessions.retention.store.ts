import { notHeld, type HeldDue, type SweepSteps } from '../../common/privacy-contract';

/**
 * What counts as a subject's activity here (decision 64): a session held, a visit (connection
 * log), a document shared, progress in a module, a download, an evaluation given. Table and
 * date column of each.
 */
export const ACTIVITY: ReadonlyArray<[table: string, at: string]> = [
  ['mentoring_session', 'scheduled_at'],
  ['connection_log', 'started_at'],
  ['shared_document', 'shared_at'],
  ['learning_progress', 'updated_at'],
  ['resource_download', 'downloaded_at'],
  ['session_evaluation', 'submitted_at'],
];

/**
 * SQL: the subject in `column` has done nothing here after :cutoff. One lookup per row and
 * activity table (their indexes start with subject_id), so a chunk's statement reads what its
 * rows need, not every activity since the cutoff. The latest date of each, not `NOT EXISTS`
 * (decision 322): MariaDB turns a `NOT EXISTS` into an anti-join on a materialised table of
 * every subject active since the cutoff, built again at each chunk's statement (a scan of each
 * activity table, the longest statement of a sweep at 20,000 subjects); a scalar subquery stays
 * a lookup per row. A SELECT's condition only: MySQL refuses a subquery on the table an UPDATE
 * changes (error 1093), so the writes go by the keys it selected (ChunkedWrite.recheck).
 */
const inactiveAfterCutoff = (column: string): string =>
  [
    `${column} IS NOT NULL`,
    ...ACTIVITY.map(
      ([table, at], i) =>
        `COALESCE((SELECT MAX(a${i}.${at}) FROM ${table} a${i} WHERE a${i}.subject_id = ${column}), :cutoff) <= :cutoff`,
    ),
  ].join(' AND ');

/** The records the session-data rule changes: table and the SET that anonymises a row. */
type InactiveTable = 'mentoring_session' | 'session_evaluation' | 'shared_document';

/**
 * Decision 53: a session loses who it was (subject, mentor) and the mentor's private notes; its
 * goals, challenges, agreed actions, date and length stay, as learning content of no one. An
 * evaluation keeps its rating and date (comment and both links go, as on erasure). A document
 * stays in the subject's space, but no longer points at an anonymised session.
 */
const ANONYMISED: Record<InactiveTable, string> = {
  mentoring_session: 'subject_id = NULL, mentor_id = NULL, notes = NULL',
  session_evaluation: 'subject_id = NULL, session_id = NULL, comment = NULL',
  shared_document: 'session_id = NULL',
};

/** Logs of a subject dated on or before the cutoff. */
const LOGS_DUE = 'subject_id IS NOT NULL AND started_at <= :cutoff';

/**
 * The retention sweep's SQL for sessions, as steps of the sweep (retention.chunks.ts): counts,
 * hold counts, UPDATEs and DELETEs in key order, a bounded number of rows per statement and
 * transaction, whatever the number of subjects and records.
 */
export class SessionsRetentionStore {
  constructor(private readonly steps: SweepSteps) {}

  /** Subjects without activity after the cutoff who still have sessions linked to them. */
  inactiveSubjects(cutoff: Date): Promise<number> {
    return this.steps.subjects('inactive:subjects', {
      from: 'mentoring_session s',
      subject: 's.subject_id',
      where: inactiveAfterCutoff('s.subject_id'),
      parameters: { cutoff },
    });
  }

  /** Anonymises the records of `table` of subjects inactive since the cutoff (a document: only linked ones). */
  anonymiseInactive(table: InactiveTable, cutoff: Date): Promise<number> {
    const linked = table === 'shared_document' ? 'session_id IS NOT NULL AND ' : '';
    return this.steps.write(`${table}:anonymise`, {
      table,
      set: ANONYMISED[table],
      where: `${linked}${inactiveAfterCutoff(`${table}.subject_id`)} AND ${notHeld(table)}`,
      recheck: `${linked}${notHeld(table)}`,
      parameters: { cutoff },
    });
  }

  deleteInactiveSessions(cutoff: Date): Promise<number> {
    return this.steps.write('mentoring_session:delete', {
      table: 'mentoring_session',
      where: `${inactiveAfterCutoff('mentoring_session.subject_id')} AND ${notHeld('mentoring_session')}`,
      recheck: notHeld('mentoring_session'),
      parameters: { cutoff },
    });
  }

  /** Subjects of the logs due. */
  connectionLogSubjects(cutoff: Date): Promise<number> {
    return this.steps.subjects('connection_log:subjects', {
      from: 'connection_log c',
      subject: 'c.subject_id',
      where: 'c.started_at <= :cutoff',
      parameters: { cutoff },
    });
  }

  /** Decision 54: no subject, IP or user agent; language, time, length and pages stay (a statistic of no one). */
  anonymiseConnectionLogs(cutoff: Date): Promise<number> {
    return this.steps.write('connection_log:anonymise', {
      table: 'connection_log',
      set: 'subject_id = NULL, ip = NULL, user_agent = NULL',
      where: `${LOGS_DUE} AND ${notHeld('connection_log')}`,
      parameters: { cutoff },
    });
  }

  deleteConnectionLogs(cutoff: Date): Promise<number> {
    return this.steps.write('connection_log:delete', {
      table: 'connection_log',
      where: `started_at <= :cutoff AND ${notHeld('connection_log')}`,
      parameters: { cutoff },
    });
  }

  /** Records of inactive subjects in `table` that a legal hold keeps as they are. */
  heldInactive(table: InactiveTable, cutoff: Date): Promise<HeldDue> {
    return this.steps.held(`${table}:held`, {
      table,
      where: inactiveAfterCutoff(`${table}.subject_id`),
      parameters: { cutoff },
    });
  }

  /** Connection logs due that a legal hold keeps as they are. */
  heldConnectionLogs(cutoff: Date): Promise<HeldDue> {
    return this.steps.held('connection_log:held', { table: 'connection_log', where: LOGS_DUE, parameters: { cutoff } });
  }
}
