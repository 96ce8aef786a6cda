/**
 * Words for people, in the package's two languages, for the values of the privacy vocabulary
 * (common/privacy.ts). One entry per value, never per field: a new field of an existing category
 * needs nothing here, and a value without words shows its code rather than failing.
 */
import type { DataSource, LegalBasis, PersonalCategory, Purpose, Recipient } from '../../common/privacy';
import type { Bilingual } from '../../policies/transparency.types';

export const CATEGORY_LABELS: Record<PersonalCategory, Bilingual> = {
  IDENTITY: { fr: 'Identité', en: 'Identity' },
  CONTACT: { fr: 'Coordonnées', en: 'Contact details' },
  DEMOGRAPHIC: { fr: 'Données démographiques', en: 'Demographic data' },
  PROFESSIONAL: { fr: 'Contexte professionnel', en: 'Professional context' },
  FINANCIAL: { fr: 'Situation financière', en: 'Financial situation' },
  CONSENT: { fr: 'Consentements et restrictions', en: 'Consents and restrictions' },
  PREFERENCES: { fr: 'Préférences', en: 'Preferences' },
  MENTORING: { fr: 'Mentorat', en: 'Mentoring' },
  DOCUMENTS: { fr: 'Documents partagés', en: 'Shared documents' },
  EVALUATION: { fr: 'Évaluations', en: 'Evaluations' },
  LEARNING: { fr: 'Progression pédagogique', en: 'Learning progress' },
  USAGE: { fr: 'Utilisation du service', en: 'Use of the service' },
  CONNECTION: { fr: 'Journaux de connexion', en: 'Connection logs' },
  BILLING: { fr: 'Facturation', en: 'Billing' },
  PAYMENT: { fr: 'Paiements', en: 'Payments' },
  SUPPORT: { fr: 'Échanges avec le support', en: 'Support exchanges' },
  ACCOUNT: { fr: 'Compte', en: 'Account' },
  RIGHTS_REQUEST: { fr: 'Demandes d’exercice de droits', en: 'Rights requests' },
};

export const PURPOSE_LABELS: Record<Purpose, Bilingual> = {
  SERVICE: { fr: 'fournir le service', en: 'providing the service' },
  MENTORING: { fr: 'le mentorat', en: 'mentoring' },
  COMMUNICATION: { fr: 'vous écrire', en: 'writing to you' },
  SUPPORT: { fr: 'répondre à vos demandes', en: 'answering your requests' },
  BILLING: { fr: 'la facturation', en: 'billing' },
  ACCOUNTING: { fr: 'la comptabilité', en: 'accounting' },
  SECURITY: { fr: 'la sécurité', en: 'security' },
  SERVICE_IMPROVEMENT: { fr: 'améliorer le service', en: 'improving the service' },
  MARKETING: { fr: 'la prospection', en: 'marketing' },
  EMPLOYER_REPORTING: { fr: 'les rapports à votre employeur', en: 'reports to your employer' },
  RESEARCH: { fr: 'la recherche', en: 'research' },
  PERSONALISATION: { fr: 'la personnalisation', en: 'personalisation' },
  LEGAL_COMPLIANCE: { fr: 'nos obligations légales', en: 'our legal obligations' },
};

export const BASIS_LABELS: Record<LegalBasis, Bilingual> = {
  CONSENT: { fr: 'votre consentement (art. 6(1)(a))', en: 'your consent (Art. 6(1)(a))' },
  CONTRACT: { fr: 'le contrat (art. 6(1)(b))', en: 'the contract (Art. 6(1)(b))' },
  LEGAL_OBLIGATION: { fr: 'une obligation légale (art. 6(1)(c))', en: 'a legal obligation (Art. 6(1)(c))' },
  LEGITIMATE_INTEREST: { fr: 'notre intérêt légitime (art. 6(1)(f))', en: 'our legitimate interest (Art. 6(1)(f))' },
  VITAL_INTEREST: { fr: 'un intérêt vital (art. 6(1)(d))', en: 'a vital interest (Art. 6(1)(d))' },
  PUBLIC_TASK: { fr: 'une mission d’intérêt public (art. 6(1)(e))', en: 'a public task (Art. 6(1)(e))' },
};

export const SOURCE_LABELS: Record<DataSource, Bilingual> = {
  SUBJECT: { fr: 'vous-même', en: 'you' },
  OBSERVED: { fr: 'votre utilisation du service', en: 'your use of the service' },
  DERIVED: { fr: 'calculé par nos services', en: 'worked out by our services' },
  STAFF: { fr: 'notre équipe', en: 'our staff' },
  THIRD_PARTY: {
    fr: 'un tiers (employeur, prestataire de paiement)',
    en: 'a third party (employer, payment provider)',
  },
};

export const RECIPIENT_LABELS: Record<Recipient, Bilingual> = {
  HOSTING_PROVIDER: { fr: 'notre hébergeur', en: 'our hosting provider' },
  EMAIL_PROVIDER: { fr: 'notre prestataire de courriels', en: 'our email provider' },
  PAYMENT_PROVIDER: { fr: 'notre prestataire de paiement', en: 'our payment provider' },
  MENTOR: { fr: 'votre mentor', en: 'your mentor' },
  EMPLOYER: { fr: 'votre employeur (avec votre accord)', en: 'your employer (with your consent)' },
  AUTHORITIES: { fr: 'les autorités, si la loi l’exige', en: 'authorities, where the law requires' },
};

/** The words for a code of one of the tables above, or the code itself. */
export function label(table: Partial<Record<string, Bilingual>>, code: string): Bilingual {
  return table[code] ?? { fr: code, en: code };
}
