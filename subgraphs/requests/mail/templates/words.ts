import { enumWords } from '../../../../schema/access-package/enum-words';
import { CATEGORY_LABELS } from '../../../../schema/access-package/labels';
import type { KeptBasis, KeptRecords, Language, RightName, Sender } from './notice';

/** The words every message shares: dates as people read them, the rights, grounds and records named, the signature. */

/**
 * One formatter per language, made once: building an `Intl.DateTimeFormat` (its locale data, its
 * time zone) costs far more than formatting, and every message formats a few dates.
 */
const DAY_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Paris' }),
};

/** Dates as people read them, in the organisation's time zone (both policies are French). */
export function day(language: Language, date: Date): string {
  return DAY_FORMATS[language].format(date);
}

export const RIGHT: Record<Language, Record<RightName, string>> = {
  fr: {
    ERASURE: "demande d'effacement de vos données (art. 17 RGPD)",
    RECTIFICATION: 'demande de rectification de vos données (art. 16 RGPD)',
    RESTRICTION: 'demande de limitation du traitement (art. 18 RGPD)',
    LIFT_RESTRICTION: 'levée de la limitation du traitement (art. 18 RGPD)',
    OBJECTION: 'opposition au traitement (art. 21 RGPD)',
    CONSENT: 'modification de votre consentement (art. 7 RGPD)',
    CLOSURE: 'fermeture de votre compte',
    ACCESS: "demande d'accès à vos données (art. 15 RGPD)",
    PORTABILITY: 'demande de portabilité de vos données (art. 20 RGPD)',
  },
  en: {
    ERASURE: 'request to erase your data (Art. 17 GDPR)',
    RECTIFICATION: 'request to rectify your data (Art. 16 GDPR)',
    RESTRICTION: 'request to restrict processing (Art. 18 GDPR)',
    LIFT_RESTRICTION: 'lifting of the restriction of processing (Art. 18 GDPR)',
    OBJECTION: 'objection to processing (Art. 21 GDPR)',
    CONSENT: 'change of your consent (Art. 7 GDPR)',
    CLOSURE: 'closure of your account',
    ACCESS: 'request for access to your data (Art. 15 GDPR)',
    PORTABILITY: 'request to port your data (Art. 20 GDPR)',
  },
};

/** Why each kept record is kept, in words (never the code). */
export const BASIS: Record<Language, Record<KeptBasis, string>> = {
  fr: {
    LEGAL_OBLIGATION: 'obligation légale de conservation, comptable et fiscale (art. 17(3)(b) RGPD)',
    LEGAL_CLAIMS: 'litige en cours, pour la défense de droits en justice (art. 17(3)(e) RGPD)',
    CLOSURE_ARCHIVE: 'archive de nos échanges après la fermeture de votre compte, durée fixée par notre politique',
    HOLD: 'mesure de conservation décidée pour une procédure en cours (art. 17(3)(e) RGPD)',
  },
  en: {
    LEGAL_OBLIGATION: 'legal obligation to keep accounting and tax records (Art. 17(3)(b) GDPR)',
    LEGAL_CLAIMS: 'a dispute under way, for the defence of legal claims (Art. 17(3)(e) GDPR)',
    CLOSURE_ARCHIVE: 'archive of our exchanges after the closure of your account, for the period our policy states',
    HOLD: 'a hold placed for proceedings under way (Art. 17(3)(e) GDPR)',
  },
};

/** Until when a record kept without a date stays: the event, in words. */
export const UNTIL_EVENT: Record<Language, Record<KeptBasis, string>> = {
  fr: {
    LEGAL_OBLIGATION: "jusqu'à la fin de cette obligation",
    LEGAL_CLAIMS: "jusqu'à la résolution complète du litige",
    CLOSURE_ARCHIVE: "jusqu'à la fin de cette période d'archive",
    HOLD: "jusqu'à la levée de cette mesure",
  },
  en: {
    LEGAL_OBLIGATION: 'until that obligation ends',
    LEGAL_CLAIMS: 'until the dispute is fully resolved',
    CLOSURE_ARCHIVE: 'until that archive period ends',
    HOLD: 'until that hold is released',
  },
};

export const lines = (...parts: Array<string | false>) => parts.filter((p) => p !== false).join('\n');

export function signature(language: Language, s: Sender): string {
  return language === 'fr'
    ? `\n--\n${s.organisation}, délégué à la protection des données\nContact : ${s.contact}`
    : `\n--\n${s.organisation}, data protection officer\nContact: ${s.contact}`;
}

/** The receipts' entity names, as a subject reads them; an unknown one is « other records », never its code. */
export const ENTITY: Record<Language, Record<string, string>> = {
  fr: {
    Invoice: 'factures',
    Payment: 'paiements',
    BillingAccount: 'compte de facturation',
    SupportTicket: "demandes d'assistance",
    SupportMessage: "messages d'assistance",
    CommunicationPreferences: 'préférences de communication',
    ConnectionLog: 'journaux de connexion',
    ConsentEvent: 'consentements donnés ou retirés',
    DataSubject: 'profil',
    EmployerSponsorship: 'prises en charge par votre employeur',
    FinancialSituation: 'situation financière',
    LearningProgress: "progression d'apprentissage",
    MentorAssignment: 'affectations de mentor',
    MentoringSession: 'séances de mentorat',
    PlanSubscription: 'abonnements',
    ProfessionalContext: 'contexte professionnel',
    ResourceDownload: 'téléchargements de ressources',
    SessionEvaluation: 'évaluations de séances',
    SharedDocument: 'documents partagés',
    other: 'autres enregistrements',
  },
  en: {
    Invoice: 'invoices',
    Payment: 'payments',
    BillingAccount: 'billing account',
    SupportTicket: 'support tickets',
    SupportMessage: 'support messages',
    CommunicationPreferences: 'communication preferences',
    ConnectionLog: 'connection logs',
    ConsentEvent: 'consents given or withdrawn',
    DataSubject: 'profile',
    EmployerSponsorship: 'sponsorships by your employer',
    FinancialSituation: 'financial situation',
    LearningProgress: 'learning progress',
    MentorAssignment: 'mentor assignments',
    MentoringSession: 'mentoring sessions',
    PlanSubscription: 'subscriptions',
    ProfessionalContext: 'professional context',
    ResourceDownload: 'resource downloads',
    SessionEvaluation: 'session evaluations',
    SharedDocument: 'shared documents',
    other: 'other records',
  },
};

export function keptLines(language: Language, kept: readonly KeptRecords[]): string[] {
  return kept.map((k) => {
    const what = `${ENTITY[language][k.entity] ?? ENTITY[language].other} (${k.count})`;
    const basis = BASIS[language][k.basis];
    if (language === 'fr') {
      const until = k.until ? `au plus tard jusqu'au ${day('fr', k.until)}` : UNTIL_EVENT.fr[k.basis];
      return `- ${what} : ${basis}, ${until}`;
    }
    const until = k.until ? `until ${day('en', k.until)} at the latest` : UNTIL_EVENT.en[k.basis];
    return `- ${what}: ${basis}, ${until}`;
  });
}

/** Data categories in words (the package page's own labels): a disclosure names what it gave. */
export function categoryWords(language: Language, categories: readonly string[]): string {
  const words = CATEGORY_LABELS as Record<string, { fr: string; en: string } | undefined>;
  return categories.map((c) => words[c]?.[language].toLowerCase() ?? c.toLowerCase().replace(/_/g, ' ')).join(', ');
}

/** A processing in words (« prévention de la fraude »): what an objection is about. */
export function purposeWords(language: Language, purpose: string): string {
  return enumWords('ConsentPurpose', purpose)?.[language] ?? purpose.toLowerCase().replace(/_/g, ' ');
}
