import type { DataSource } from 'typeorm';
import { rowsByKeys } from '../../common/batch-read';
import { ProcessingRestrictionEntity, type ConsentPurpose } from '../../common/privacy-contract';
import { LIKE_ESCAPE, likeContains } from '../../common/validation';
import { CommunicationPreferenceEntity } from './entities/communication-preference.entity';
import { ConsentEventEntity } from './entities/consent-event.entity';
import { EmployerSponsorshipEntity } from './entities/employer-sponsorship.entity';
import { FinancialSituationEntity } from './entities/financial-situation.entity';
import { ProfessionalContextEntity } from './entities/professional-context.entity';
import { SubjectEntity } from './entities/subject.entity';

/** All the SQL of the profile subgraph. Every read takes a list of keys: one statement per batch. */
export class ProfileStore {
  constructor(private readonly ds: DataSource) {}

  subjectsByIds(ids: readonly string[]): Promise<SubjectEntity[]> {
    return rowsByKeys(this.ds, SubjectEntity, 'id', ids);
  }

  subjectByEmailKey(emailKey: string): Promise<SubjectEntity | null> {
    return this.ds.getRepository(SubjectEntity).findOneBy({ emailKey });
  }

  /** `folded` is already lower case without accents; see foldForSearch. */
  search(folded: string, limit: number): Promise<SubjectEntity[]> {
    return this.ds
      .getRepository(SubjectEntity)
      .createQueryBuilder('s')
      .where(`s.search_key LIKE :pattern ESCAPE '${LIKE_ESCAPE}'`, { pattern: likeContains(folded) })
      .orderBy('s.full_name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * A login the organisation's sign-in reports (recordLogin): a later one than the one on file
   * replaces it, and an account marked INACTIVE is in use again. One statement.
   */
  async recordLogin(subjectId: string, at: Date): Promise<void> {
    await this.ds
      .createQueryBuilder()
      .update(SubjectEntity)
      .set({ lastLoginAt: at, status: 'ACTIVE' })
      .where('id = :id AND status IN (:...statuses)', { id: subjectId, statuses: AUDIENCE_STATUSES })
      .andWhere('(last_login_at IS NULL OR last_login_at < :at)', { at })
      .execute();
  }

  /**
   * Accounts in use whose last sign-in (or creation, for one never signed in) is before `before`:
   * whom the inactivity rule warns (veloraqenvi). The first `limit` after the id `after` (null:
   * from the start), in id order: a page per statement, the sweep reading page after page.
   */
  inactiveBefore(before: Date, after: string | null, limit: number): Promise<SubjectEntity[]> {
    const q = this.ds
      .getRepository(SubjectEntity)
      .createQueryBuilder('s')
      .where('s.status IN (:...statuses)', { statuses: AUDIENCE_STATUSES })
      .andWhere('COALESCE(s.last_login_at, s.created_at) < :before', { before });
    if (after !== null) q.andWhere('s.id > :after', { after });
    return q.orderBy('s.id', 'ASC').limit(limit).getMany();
  }

  /** Accounts not erased whose holder, by their birth date, is under age as of a day: one statement. */
  minors(adultBornBy: string): Promise<SubjectEntity[]> {
    return this.ds
      .getRepository(SubjectEntity)
      .createQueryBuilder('s')
      .where('s.status IN (:...statuses)', { statuses: [...AUDIENCE_STATUSES, 'CLOSED'] })
      .andWhere('s.birth_date IS NOT NULL AND s.birth_date > :adultBornBy', { adultBornBy })
      .orderBy('s.id', 'ASC')
      .getMany();
  }

  professionalBySubjects(ids: readonly string[]): Promise<ProfessionalContextEntity[]> {
    return rowsByKeys(this.ds, ProfessionalContextEntity, 'subjectId', ids);
  }

  financialBySubjects(ids: readonly string[]): Promise<FinancialSituationEntity[]> {
    return rowsByKeys(this.ds, FinancialSituationEntity, 'subjectId', ids);
  }

  consentEventsBySubjects(ids: readonly string[]): Promise<ConsentEventEntity[]> {
    return rowsByKeys(this.ds, ConsentEventEntity, 'subjectId', ids, { recordedAt: 'ASC', id: 'ASC' });
  }

  sponsorshipBySubjects(ids: readonly string[]): Promise<EmployerSponsorshipEntity[]> {
    return rowsByKeys(this.ds, EmployerSponsorshipEntity, 'subjectId', ids);
  }

  preferencesBySubjects(ids: readonly string[]): Promise<CommunicationPreferenceEntity[]> {
    return rowsByKeys(this.ds, CommunicationPreferenceEntity, 'subjectId', ids);
  }

  restrictionsBySubjects(ids: readonly string[]): Promise<ProcessingRestrictionEntity[]> {
    return rowsByKeys(this.ds, ProcessingRestrictionEntity, 'subjectId', ids, { since: 'ASC', id: 'ASC' });
  }

  /**
   * The subjects a processing may include, ids ascending after `after`: ONE statement whatever
   * the population. See AUDIENCE_CONDITIONS for who is in.
   */
  async processingAudience(
    purpose: ConsentPurpose,
    consentRequired: boolean,
    after: string | null,
    limit: number,
    adultBornBy: string,
  ): Promise<string[]> {
    const qb = this.ds
      .getRepository(SubjectEntity)
      .createQueryBuilder('s')
      .select('s.id', 'id')
      .where('s.status IN (:...statuses)', { statuses: AUDIENCE_STATUSES })
      .andWhere(NOT_RESTRICTED, { purpose })
      // A minor is in no processing list from the day they are known to be one.
      .andWhere('(s.birth_date IS NULL OR s.birth_date <= :adultBornBy)', { adultBornBy })
      .andWhere(consentRequired ? LATEST_CONSENT_GRANTED : LATEST_CONSENT_NOT_WITHDRAWN, { purpose });
    if (after !== null) qb.andWhere('s.id > :after', { after });
    const rows = await qb.orderBy('s.id', 'ASC').limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }
}

/*
 * AUDIENCE_CONDITIONS: who a processing (marketing, analytics, ...) may include.
 * - an account in use: ACTIVE or INACTIVE (a CLOSED account is on its way out; ERASED is a tombstone);
 * - no restriction (Art. 18) or objection (Art. 21) in force for this processing or for ALL, and no
 *   restriction of contested data (V13: while it is verified, no processing uses the subject);
 * - consent: where the policy makes the processing depend on consent, the latest event for it
 *   must be a grant (no event: no consent); otherwise it runs on legitimate interest, and only
 *   a latest event that is a withdrawal takes the subject out (that withdrawal is an objection).
 * "Latest": no event of the same subject and purpose after it by (recorded_at, id).
 * Booleans are compared with 1 and 0: how both SQLite and MySQL store them.
 */
const AUDIENCE_STATUSES = ['ACTIVE', 'INACTIVE'];

// A restriction of contested data (categories named) takes the subject out of every list (V13).
const NOT_RESTRICTED = `NOT EXISTS (SELECT 1 FROM processing_restriction r
  WHERE r.subject_id = s.id AND r.lifted_at IS NULL
    AND (r.scope IN (:purpose, 'ALL') OR r.categories IS NOT NULL))`;

const IS_LATEST = `NOT EXISTS (SELECT 1 FROM consent_event newer
  WHERE newer.subject_id = e.subject_id AND newer.purpose = e.purpose
    AND (newer.recorded_at > e.recorded_at OR (newer.recorded_at = e.recorded_at AND newer.id > e.id)))`;

const LATEST_CONSENT_GRANTED = `EXISTS (SELECT 1 FROM consent_event e
  WHERE e.subject_id = s.id AND e.purpose = :purpose AND e.granted = 1 AND ${IS_LATEST})`;

const LATEST_CONSENT_NOT_WITHDRAWN = `NOT EXISTS (SELECT 1 FROM consent_event e
  WHERE e.subject_id = s.id AND e.purpose = :purpose AND e.granted = 0 AND ${IS_LATEST})`;
