import type { EntityManager } from 'typeorm';
import { countDue, heldDue, notHeld, type Counted, type HeldDue } from '../../common/privacy-contract';
import { ConnectionLogEntity } from './entities/connection-log.entity';
import { MentoringSessionEntity } from './entities/mentoring-session.entity';
import { SessionEvaluationEntity } from './entities/session-evaluation.entity';
import { SharedDocumentEntity } from './entities/shared-document.entity';

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
 * SQL: the subject in `column` has done nothing here after :cutoff. Each activity table is read
 * through a derived table (SELECT ... FROM (SELECT DISTINCT ...) a), which MySQL materialises, so
 * the condition may sit in an UPDATE of one of those very tables (error 1093 otherwise).
 */
const inactiveAfterCutoff = (column: string): string =>
  [
    `${column} IS NOT NULL`,
    ...ACTIVITY.map(
      ([table, at]) =>
        `${column} NOT IN (SELECT a.subject_id FROM (SELECT DISTINCT subject_id FROM ${table} WHERE ${at} > :cutoff AND subject_id IS NOT NULL) a)`,
    ),
  ].join(' AND ');

/** Columns set to NULL: the entity types say non-null for the rows reads reach (decision 64), not for these. */
const cleared = (values: object): never => values as never;

/**
 * The retention sweep's SQL for sessions, inside the contract's transaction: a fixed number of
 * statements per rule, whatever the number of subjects and records (a count, then one bulk
 * UPDATE or DELETE per table).
 */
export class SessionsRetentionStore {
  constructor(private readonly tx: EntityManager) {}

  /** Subjects without activity after the cutoff who still have sessions linked to them. */
  async inactiveSubjects(cutoff: Date): Promise<number> {
    const row = await this.tx
      .createQueryBuilder()
      .select('COUNT(DISTINCT s.subject_id)', 'n')
      .from(MentoringSessionEntity, 's')
      .where(inactiveAfterCutoff('s.subject_id'), { cutoff })
      .getRawOne<{ n: number | string }>();
    return Number(row?.n ?? 0);
  }

  /**
   * Decision 53: a session loses who it was (subject, mentor) and the mentor's private notes;
   * its goals, challenges, agreed actions, date and length stay, as learning content of no one.
   */
  async anonymiseInactiveSessions(cutoff: Date): Promise<number> {
    return this.update(
      MentoringSessionEntity,
      { subjectId: null, mentorId: null, notes: null },
      'mentoring_session',
      cutoff,
    );
  }

  /** The rating and its date stay; comment and both links go (as on erasure). */
  async anonymiseInactiveEvaluations(cutoff: Date): Promise<number> {
    return this.update(
      SessionEvaluationEntity,
      { subjectId: null, sessionId: null, comment: null },
      'session_evaluation',
      cutoff,
    );
  }

  /** A document stays in the subject's space, but no longer points at an anonymised session. */
  async unlinkInactiveDocuments(cutoff: Date): Promise<number> {
    const result = await this.tx
      .createQueryBuilder()
      .update(SharedDocumentEntity)
      .set({ sessionId: null })
      .where(
        `session_id IS NOT NULL AND ${inactiveAfterCutoff('shared_document.subject_id')} AND ${notHeld('shared_document')}`,
        { cutoff },
      )
      .execute();
    return result.affected ?? 0;
  }

  async deleteInactiveSessions(cutoff: Date): Promise<number> {
    const result = await this.tx
      .createQueryBuilder()
      .delete()
      .from(MentoringSessionEntity)
      .where(`${inactiveAfterCutoff('mentoring_session.subject_id')} AND ${notHeld('mentoring_session')}`, { cutoff })
      .execute();
    return result.affected ?? 0;
  }

  /** Logs of a subject dated on or before the cutoff: how many, of how many subjects. */
  connectionLogsDue(cutoff: Date): Promise<Counted> {
    return countDue(this.tx, ConnectionLogEntity, 'c', 'c.subject_id IS NOT NULL AND c.started_at <= :cutoff', {
      cutoff,
    });
  }

  /** Decision 54: no subject, IP or user agent; language, time, length and pages stay (a statistic of no one). */
  async anonymiseConnectionLogs(cutoff: Date): Promise<number> {
    const result = await this.tx
      .createQueryBuilder()
      .update(ConnectionLogEntity)
      .set(cleared({ subjectId: null, ip: null, userAgent: null }))
      .where(`subject_id IS NOT NULL AND started_at <= :cutoff AND ${notHeld('connection_log')}`, { cutoff })
      .execute();
    return result.affected ?? 0;
  }

  async deleteConnectionLogs(cutoff: Date): Promise<number> {
    const result = await this.tx
      .createQueryBuilder()
      .delete()
      .from(ConnectionLogEntity)
      .where(`started_at <= :cutoff AND ${notHeld('connection_log')}`, { cutoff })
      .execute();
    return result.affected ?? 0;
  }

  private async update<T extends object>(
    entity: new () => T,
    values: { [K in keyof T]?: null },
    table: string,
    cutoff: Date,
  ): Promise<number> {
    const result = await this.tx
      .createQueryBuilder()
      .update(entity)
      .set(cleared(values))
      .where(`${inactiveAfterCutoff(`${table}.subject_id`)} AND ${notHeld(table)}`, { cutoff })
      .execute();
    return result.affected ?? 0;
  }

  /** Records of inactive subjects in `table` that a legal hold keeps as they are. */
  heldInactive(table: string, cutoff: Date): Promise<HeldDue> {
    return heldDue(
      this.tx,
      `SELECT id AS k, subject_id AS s FROM ${table} WHERE ${inactiveAfterCutoff(`${table}.subject_id`)}`,
      { cutoff },
    );
  }

  /** Connection logs due that a legal hold keeps as they are. */
  heldConnectionLogs(cutoff: Date): Promise<HeldDue> {
    return heldDue(
      this.tx,
      'SELECT id AS k, subject_id AS s FROM connection_log WHERE subject_id IS NOT NULL AND started_at <= :cutoff',
      { cutoff },
    );
  }
}
