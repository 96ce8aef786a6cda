import type { EntityManager } from 'typeorm';
import type { DemoSubject } from '../../common/demo/plan';
import { countFor } from '../../common/demo/plan';
import { insertRows } from '../../common/demo/insert';
import { daysBefore, demoId } from '../../common/demo/random';
import { isoDate } from '../../common/duration';
import { CommunicationPreferenceEntity } from './entities/communication-preference.entity';
import { CONSENT_PURPOSES, ConsentEventEntity } from './entities/consent-event.entity';
import { EmployerSponsorshipEntity } from './entities/employer-sponsorship.entity';
import { FinancialSituationEntity } from './entities/financial-situation.entity';
import { ProfessionalContextEntity } from './entities/professional-context.entity';
import { SubjectEntity } from './entities/subject.entity';
import { subjectSearchKey } from './search-key';

const SECTORS = ['Conseil', 'Commerce de détail', 'Industrie', 'Numérique', 'Santé', 'Agroalimentaire', 'BTP'];
const JOBS = [
  'Fondatrice',
  'Directeur commercial',
  'Responsable marketing',
  'Gérant',
  'Cheffe de projet',
  'Consultant indépendant',
];
const SIZES = ['1-9', '10-49', '50-249', '250+'];
const INCOME = ['< 1 500 €', '1 500-2 500 €', '2 500-4 000 €', '> 4 000 €'];

export async function seedProfile(db: EntityManager, plan: readonly DemoSubject[], now: Date): Promise<void> {
  const subjects: SubjectEntity[] = [];
  const professional: ProfessionalContextEntity[] = [];
  const financial: FinancialSituationEntity[] = [];
  const consents: ConsentEventEntity[] = [];
  const sponsorships: EmployerSponsorshipEntity[] = [];
  const preferences: CommunicationPreferenceEntity[] = [];

  for (const s of plan) {
    const r = s.rng('profile');
    subjects.push({
      id: s.id,
      fullName: s.fullName,
      email: s.email,
      emailKey: s.email.toLowerCase(),
      phone: s.phone,
      birthDate: s.birthDate,
      locale: s.locale,
      status: s.status,
      createdAt: s.createdAt,
      lastLoginAt: s.lastLoginAt,
      searchKey: subjectSearchKey(s.fullName, s.email),
      erasedAt: null,
      erasureRequestId: null,
    });
    const fixed = s.traits.has('fixed-volume');
    if (s.programme === 'MENTORING' || fixed) {
      professional.push({
        subjectId: s.id,
        sector: r.pick(SECTORS),
        companySize: r.pick(SIZES),
        jobTitle: r.pick(JOBS),
        yearsOfExperience: r.int(1, 30),
      });
    }
    if (s.programme === 'BUDGET_EDUCATION' || fixed) {
      financial.push({
        subjectId: s.id,
        incomeBand: r.pick(INCOME),
        householdSize: r.int(1, 5),
        monthlyBudgetCents: r.chance(0.7) ? r.int(80, 400) * 1000 : null,
        savingsGoal: r.chance(0.6)
          ? r.pick([
              'Constituer une épargne de précaution',
              'Financer un permis de conduire',
              'Rembourser un découvert',
            ])
          : null,
        debtSituation: r.chance(0.3) ? 'Crédit à la consommation en cours' : null,
        sharedAt: daysBefore(now, r.int(10, 300)),
      });
    }
    if (s.traits.has('sponsored') || fixed) {
      sponsorships.push({
        subjectId: s.id,
        employerName: 'Atelier Rhône Conseil SARL',
        sponsoredSince: isoDate(daysBefore(now, 200)),
        reportingScope: 'Assiduité aux sessions et objectifs atteints',
      });
    }
    const preference = {
      subjectId: s.id,
      preferredChannel: r.pick(['EMAIL', 'EMAIL', 'SMS', 'PHONE']),
      sessionReminders: r.chance(0.8),
      programmeNews: r.chance(0.4),
      eventInvitations: r.chance(0.3),
      updatedAt: daysBefore(now, r.int(1, 200)),
    };
    preferences.push(preference);
    const first = consents.length;
    // Consent history: each purpose answered at sign-up, then changed now and then in the
    // account settings; the last event per purpose is the consent in force.
    const signup = new Date(s.createdAt.getTime() + 60_000);
    CONSENT_PURPOSES.forEach((purpose, n) => {
      consents.push({
        id: demoId('consent', s.index, n),
        subjectId: s.id,
        purpose,
        granted: r.chance(0.6),
        recordedAt: signup,
        source: 'SIGNUP_FORM',
      });
    });
    const changes = countFor(s, r, true);
    for (let n = 0; n < changes; n += 1) {
      const at = new Date(signup.getTime() + ((n + 1) * (now.getTime() - signup.getTime())) / (changes + 1));
      consents.push({
        id: demoId('consent', s.index, CONSENT_PURPOSES.length + n),
        subjectId: s.id,
        purpose: r.pick(CONSENT_PURPOSES),
        granted: r.chance(0.5),
        recordedAt: new Date(Math.floor(at.getTime() / 60_000) * 60_000),
        source: 'ACCOUNT_SETTINGS',
      });
    }
    // Marketing mail only with the MARKETING consent in force (O29): one source of truth.
    const marketing = consents
      .slice(first)
      .filter((c) => c.purpose === 'MARKETING')
      .at(-1);
    if (!marketing?.granted) Object.assign(preference, { programmeNews: false, eventInvitations: false });
  }

  await insertRows(db, SubjectEntity, subjects);
  await insertRows(db, ProfessionalContextEntity, professional);
  await insertRows(db, FinancialSituationEntity, financial);
  await insertRows(db, ConsentEventEntity, consents);
  await insertRows(db, EmployerSponsorshipEntity, sponsorships);
  await insertRows(db, CommunicationPreferenceEntity, preferences);
}
