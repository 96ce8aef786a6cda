import { randomUUID } from 'node:crypto';
import type { EntityManager, EntityTarget } from 'typeorm';
import { CommunicationPreferenceEntity } from './entities/communication-preference.entity';
import { ConsentEventEntity, type ConsentPurpose } from './entities/consent-event.entity';
import { EmployerSponsorshipEntity } from './entities/employer-sponsorship.entity';
import { FinancialSituationEntity } from './entities/financial-situation.entity';
import { ProfessionalContextEntity } from './entities/professional-context.entity';
import { SubjectEntity } from './entities/subject.entity';

/** Rows deleted by an erasure, per table. */
export interface ErasedRecords {
  consentEvents: number;
  professional: number;
  financial: number;
  sponsorship: number;
  preferences: number;
}

/** The identity and contact columns a rectification may write (search key and email key follow). */
export type SubjectRectification = Partial<
  Pick<SubjectEntity, 'fullName' | 'email' | 'emailKey' | 'phone' | 'searchKey'>
>;

/**
 * The SQL of the profile's privacy contract, inside the contract's transaction. Each write is
 * one statement for the whole subject (WHERE subject_id = ?), never one per row.
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
      consentEvents: await this.deleteBySubject(ConsentEventEntity, subjectId),
      professional: await this.deleteBySubject(ProfessionalContextEntity, subjectId),
      financial: await this.deleteBySubject(FinancialSituationEntity, subjectId),
      sponsorship: await this.deleteBySubject(EmployerSponsorshipEntity, subjectId),
      preferences: await this.deleteBySubject(CommunicationPreferenceEntity, subjectId),
    };
  }

  /** The subject row keeps its id, status ERASED, its creation date and the erasure's when and why; nothing else. */
  async tombstone(subjectId: string, at: Date, requestId: string): Promise<void> {
    await this.tx.getRepository(SubjectEntity).update(
      { id: subjectId },
      {
        fullName: null,
        email: null,
        emailKey: null,
        phone: null,
        birthDate: null,
        locale: null,
        lastLoginAt: null,
        searchKey: null,
        status: 'ERASED',
        erasedAt: at,
        erasureRequestId: requestId,
      },
    );
  }

  /** Whether another subject already has this (lower-cased) email. */
  async emailKeyTaken(emailKey: string, exceptSubjectId: string): Promise<boolean> {
    const row = await this.tx
      .getRepository(SubjectEntity)
      .createQueryBuilder('s')
      .select('s.id', 'id')
      .where('s.emailKey = :emailKey AND s.id <> :id', { emailKey, id: exceptSubjectId })
      .getRawOne<{ id: string }>();
    return row !== undefined;
  }

  async rectify(subjectId: string, values: SubjectRectification): Promise<void> {
    await this.tx.getRepository(SubjectEntity).update({ id: subjectId }, values);
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

  async hasSponsorship(subjectId: string): Promise<boolean> {
    return (await this.tx.getRepository(EmployerSponsorshipEntity).countBy({ subjectId })) > 0;
  }

  private async deleteBySubject(entity: EntityTarget<{ subjectId: string }>, subjectId: string): Promise<number> {
    return (await this.tx.getRepository(entity).delete({ subjectId })).affected ?? 0;
  }
}
