import { changeRows } from '../../common/batch-write';
import { randomUUID } from 'node:crypto';
import { In, type EntityManager, type EntityTarget } from 'typeorm';
import { holdable, notHeld, type HoldableTable } from '../../common/privacy-contract';
import { CommunicationPreferenceEntity } from './entities/communication-preference.entity';
import { ConsentEventEntity, type ConsentPurpose } from './entities/consent-event.entity';
import { EmployerSponsorshipEntity } from './entities/employer-sponsorship.entity';
import { FinancialSituationEntity } from './entities/financial-situation.entity';
import { ProfessionalContextEntity } from './entities/professional-context.entity';
import { SubjectEntity } from './entities/subject.entity';

/** Columns of the subject row a partial erasure may clear (property names). */
export type SubjectColumn = 'phone' | 'birthDate' | 'locale' | 'lastLoginAt';

const RECORD_TABLES = {
  consent_event: [ConsentEventEntity, 'id'],
  professional_context: [ProfessionalContextEntity, 'subject_id'],
  financial_situation: [FinancialSituationEntity, 'subject_id'],
  employer_sponsorship: [EmployerSponsorshipEntity, 'subject_id'],
  communication_preference: [CommunicationPreferenceEntity, 'subject_id'],
} as const satisfies Record<string, readonly [EntityTarget<{ subjectId: string }>, string]>;
export type ProfileRecordTable = keyof typeof RECORD_TABLES;

/** Rows deleted by an erasure, per table. */
export interface ErasedRecords {
  consentEvents: number;
  professional: number;
  financial: number;
  sponsorship: number;
  preferences: number;
}

/**
 * What a legal hold may name here: the subject row (its identity and contact, while it has
 * them: a tombstone holds nothing) and each kind of record, the one-per-subject ones by the
 * subject's id.
 */
export const PROFILE_HOLDABLE: HoldableTable[] = [
  { ...holdable('DataSubject', 'subject', 'id', 'id'), where: '(r.full_name IS NOT NULL OR r.email IS NOT NULL)' },
  holdable('ConsentEvent', 'consent_event'),
  holdable('ProfessionalContext', 'professional_context', 'subject_id'),
  holdable('FinancialSituation', 'financial_situation', 'subject_id'),
  holdable('EmployerSponsorship', 'employer_sponsorship', 'subject_id'),
  holdable('CommunicationPreferences', 'communication_preference', 'subject_id'),
];

/**
 * The SQL of the profile's privacy contract, inside the contract's transaction: erasure, closure,
 * consent (rectification's is in profile.rectification.store.ts). Each write is one statement
 * for the whole subject (WHERE subject_id = ?), never one per row.
 */
export class ProfilePrivacyStore {
  constructor(private readonly tx: EntityManager) {}

  subject(subjectId: string): Promise<SubjectEntity | null> {
    return this.tx.getRepository(SubjectEntity).findOneBy({ id: subjectId });
  }

  /** Everything the profile holds about the subject besides the subject row itself. */
  async deleteRecords(subjectId: string): Promise<ErasedRecords> {
    // One after the other: a transaction's connection runs one statement at a time anyway.
    return {
      consentEvents: await this.deleteBySubject('consent_event', subjectId, 'id'),
      professional: await this.deleteBySubject('professional_context', subjectId),
      financial: await this.deleteBySubject('financial_situation', subjectId),
      sponsorship: await this.deleteBySubject('employer_sponsorship', subjectId),
      preferences: await this.deleteBySubject('communication_preference', subjectId),
    };
  }

  /** The subject becomes ERASED (when and by which request); a deferred run keeps the first erasure's. */
  async markErased(subjectId: string, at: Date, requestId: string): Promise<void> {
    await this.tx
      .createQueryBuilder()
      .update(SubjectEntity)
      .set({ status: 'ERASED', erasedAt: at, erasureRequestId: requestId })
      .where("id = :subjectId AND status <> 'ERASED'", { subjectId })
      .execute();
  }

  /**
   * The subject row keeps its id, status ERASED, its creation date and the erasure's when and
   * why; nothing else, unless a legal hold covers it (then it stays as it is). Rows changed: 0 or 1.
   */
  async tombstone(subjectId: string): Promise<number> {
    return changeRows(
      this.tx,
      `UPDATE subject SET full_name = NULL, email = NULL, email_key = NULL, phone = NULL, birth_date = NULL,
        locale = NULL, last_login_at = NULL, search_key = NULL
        WHERE id = :subjectId AND (full_name IS NOT NULL OR email IS NOT NULL) AND ${notHeld('subject', 'id', 'id')}`,
      { subjectId },
    );
  }

  /**
   * A partial erasure's columns of the subject row set to NULL (held rows keep theirs): 0 or 1.
   * `columns` come from the handler's fixed list, never from the input.
   */
  async clearColumns(subjectId: string, columns: readonly SubjectColumn[]): Promise<number> {
    if (columns.length === 0) return 0;
    const result = await this.tx
      .createQueryBuilder()
      .update(SubjectEntity)
      .set(Object.fromEntries(columns.map((c) => [c, null])))
      .where(`id = :subjectId AND ${notHeld('subject', 'id', 'id')}`, { subjectId })
      .execute();
    return result.affected ?? 0;
  }

  /** The subject's rows of one of the profile's record tables, but what a legal hold covers. */
  deleteOf(table: ProfileRecordTable, subjectId: string): Promise<number> {
    const [, key] = RECORD_TABLES[table];
    return this.deleteBySubject(table, subjectId, key);
  }

  /** A closure: the account leaves every processing list (they read ACTIVE/INACTIVE) at once. */
  async close(subjectId: string): Promise<number> {
    const result = await this.tx
      .getRepository(SubjectEntity)
      .update({ id: subjectId, status: In(['ACTIVE', 'INACTIVE']) }, { status: 'CLOSED' });
    return result.affected ?? 0;
  }

  /**
   * Appends a consent event. The latest event per purpose, by (recorded_at, id), is the consent
   * in force, and ids are random: the new event is dated at least a millisecond after the
   * latest one, so that it is the latest even if the clock stepped back or two requests fell
   * within one millisecond.
   */
  async appendConsent(
    subjectId: string,
    purpose: ConsentPurpose,
    granted: boolean,
    at: Date,
    source: string,
  ): Promise<void> {
    const repo = this.tx.getRepository(ConsentEventEntity);
    const latest = await repo.findOne({ where: { subjectId, purpose }, order: { recordedAt: 'DESC', id: 'DESC' } });
    const recordedAt =
      latest && latest.recordedAt.getTime() >= at.getTime() ? new Date(latest.recordedAt.getTime() + 1) : at;
    await repo.insert({ id: randomUUID(), subjectId, purpose, granted, recordedAt, source });
  }

  /** The consent in force for a purpose (the latest event), or null when never asked. */
  async consentInForce(subjectId: string, purpose: ConsentPurpose): Promise<boolean | null> {
    const latest = await this.tx
      .getRepository(ConsentEventEntity)
      .findOne({ where: { subjectId, purpose }, order: { recordedAt: 'DESC', id: 'DESC' } });
    return latest?.granted ?? null;
  }

  async hasSponsorship(subjectId: string): Promise<boolean> {
    return (await this.tx.getRepository(EmployerSponsorshipEntity).countBy({ subjectId })) > 0;
  }

  /** The subject's rows of a table but those a legal hold covers, in one statement. */
  private async deleteBySubject(table: string, subjectId: string, key = 'subject_id'): Promise<number> {
    return changeRows(this.tx, `DELETE FROM ${table} WHERE subject_id = :subjectId AND ${notHeld(table, key)}`, {
      subjectId,
    });
  }
}
