import type { EntityManager } from 'typeorm';
import {
  FinancialDetail,
  type FinancialChanges,
  type PreferenceChanges,
  type ProfessionalChanges,
} from '../../common/privacy-contract/context-changes.input';
import { CommunicationPreferenceEntity } from './entities/communication-preference.entity';
import { FinancialSituationEntity } from './entities/financial-situation.entity';
import { ProfessionalContextEntity } from './entities/professional-context.entity';
import { SubjectEntity } from './entities/subject.entity';

/** The identity and contact columns a rectification may write (search key and email key follow). */
export type SubjectRectification = Partial<
  Pick<SubjectEntity, 'fullName' | 'email' | 'emailKey' | 'phone' | 'searchKey'>
>;

/**
 * The SQL of a rectification (Art. 16) in the profile, inside the contract's transaction: the
 * subject row's identity and contact, and the records the subject gave, corrected or completed.
 */
export class ProfileRectificationStore {
  constructor(private readonly tx: EntityManager) {}

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
    if (Object.keys(values).length === 0) return;
    await this.tx.getRepository(SubjectEntity).update({ id: subjectId }, values);
  }

  /**
   * The subject's professional context corrected, or added when none is held and every column is
   * given; false when there is none and the change does not make a whole one.
   */
  async rectifyProfessional(subjectId: string, changes: ProfessionalChanges): Promise<boolean> {
    const repo = this.tx.getRepository(ProfessionalContextEntity);
    if ((await repo.update({ subjectId }, changes)).affected) return true;
    const { sector, companySize, jobTitle, yearsOfExperience } = changes;
    if (sector === undefined || companySize === undefined || jobTitle === undefined || yearsOfExperience === undefined)
      return false;
    await repo.insert({ subjectId, sector, companySize, jobTitle, yearsOfExperience });
    return true;
  }

  /** The same for the financial situation; withdrawn details become NULL, and `sharedAt` is the change's date. */
  async rectifyFinancial(subjectId: string, changes: FinancialChanges, at: Date): Promise<boolean> {
    const { withdraw, ...values } = changes;
    const row: Partial<FinancialSituationEntity> = { ...values, sharedAt: at };
    if (withdraw?.includes(FinancialDetail.MONTHLY_BUDGET)) row.monthlyBudgetCents = null;
    if (withdraw?.includes(FinancialDetail.SAVINGS_GOAL)) row.savingsGoal = null;
    if (withdraw?.includes(FinancialDetail.DEBT_SITUATION)) row.debtSituation = null;
    const repo = this.tx.getRepository(FinancialSituationEntity);
    if ((await repo.update({ subjectId }, row)).affected) return true;
    if (values.incomeBand === undefined || values.householdSize === undefined) return false;
    await repo.insert({
      subjectId,
      incomeBand: values.incomeBand,
      householdSize: values.householdSize,
      monthlyBudgetCents: values.monthlyBudgetCents ?? null,
      savingsGoal: values.savingsGoal ?? null,
      debtSituation: values.debtSituation ?? null,
      sharedAt: at,
    });
    return true;
  }

  /** The same for preferences; a new row starts with every message off but what is given (no opt-in assumed). */
  async rectifyPreferences(subjectId: string, changes: PreferenceChanges, at: Date): Promise<boolean> {
    const repo = this.tx.getRepository(CommunicationPreferenceEntity);
    if ((await repo.update({ subjectId }, { ...changes, updatedAt: at })).affected) return true;
    if (changes.preferredChannel === undefined) return false;
    await repo.insert({
      subjectId,
      preferredChannel: changes.preferredChannel,
      sessionReminders: changes.sessionReminders ?? false,
      programmeNews: changes.programmeNews ?? false,
      eventInvitations: changes.eventInvitations ?? false,
      updatedAt: at,
    });
    return true;
  }
}
