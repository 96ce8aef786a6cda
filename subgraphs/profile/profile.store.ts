import type { DataSource } from 'typeorm';
import { rowsByKeys } from '../../common/batch-read';
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
}
