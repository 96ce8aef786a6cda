/**
 * Words for people for every value of every enum a subject's export can hold, in French and
 * English. test/unit/package-labels.test.ts fails when a value of such an enum has none, so a
 * package never shows a constant such as ACTIVE or SEPA_DEBIT.
 */
import type { Bilingual } from '../../policies/transparency.types';

type Pair = readonly [fr: string, en: string];

const ENUMS: Record<string, Record<string, Pair>> = {
  InvoiceStatus: { PAID: ['payée', 'paid'], OPEN: ['à payer', 'to be paid'], VOID: ['annulée', 'cancelled'] },
  PaymentMethod: {
    CARD: ['carte bancaire', 'card'],
    SEPA_DEBIT: ['prélèvement SEPA', 'SEPA direct debit'],
    TRANSFER: ['virement', 'bank transfer'],
  },
  SubscriptionStatus: {
    ACTIVE: ['en cours', 'active'],
    CANCELLED: ['résilié', 'cancelled'],
    EXPIRED: ['terminé', 'ended'],
  },
  SubjectStatus: {
    ACTIVE: ['ouvert', 'open'],
    INACTIVE: ['inactif', 'inactive'],
    CLOSED: ['fermé', 'closed'],
    ERASED: ['effacé', 'erased'],
  },
  ConsentPurpose: {
    MARKETING: ['actualités et offres', 'news and offers'],
    EMPLOYER_REPORTING: ['rapports à votre employeur', 'reports to your employer'],
    RESEARCH: ['recherche', 'research'],
    ANALYTICS: ['mesure d’audience', 'usage analytics'],
    PERSONALISED_RECOMMENDATIONS: ['recommandations personnalisées', 'personalised recommendations'],
    SECURITY: ['sécurité de la plateforme', 'platform security'],
    FRAUD_PREVENTION: ['prévention de la fraude', 'fraud prevention'],
  },
  RestrictionKind: { RESTRICTION: ['limitation', 'restriction'], OBJECTION: ['opposition', 'objection'] },
  RestrictionScope: {
    MARKETING: ['actualités et offres', 'news and offers'],
    EMPLOYER_REPORTING: ['rapports à votre employeur', 'reports to your employer'],
    RESEARCH: ['recherche', 'research'],
    ANALYTICS: ['mesure d’audience', 'usage analytics'],
    PERSONALISED_RECOMMENDATIONS: ['recommandations personnalisées', 'personalised recommendations'],
    SECURITY: ['sécurité de la plateforme', 'platform security'],
    FRAUD_PREVENTION: ['prévention de la fraude', 'fraud prevention'],
    ALL: ['tous les usages', 'every use'],
  },
  RequestType: {
    ERASURE: ['effacement', 'erasure'],
    RECTIFICATION: ['rectification', 'rectification'],
    RESTRICTION: ['limitation', 'restriction'],
    LIFT_RESTRICTION: ['levée d’une limitation', 'lifting a restriction'],
    OBJECTION: ['opposition', 'objection'],
    CONSENT: ['consentement', 'consent'],
    CLOSURE: ['fermeture du compte', 'account closure'],
    INACTIVITY: ['compte inactif', 'inactive account'],
    MINOR: ['compte d’un mineur', 'account of a minor'],
    PARENTAL_CONSENT: ['consentement parental', 'parental consent'],
    GUARDIAN_CONTACT: ['représentant légal enregistré', 'legal representative recorded'],
    RETENTION: ['purge des durées de conservation', 'retention purge'],
    LEGAL_HOLD: ['gel juridique', 'legal hold'],
    HOLD_RELEASE: ['levée d’un gel juridique', 'release of a legal hold'],
    ACCESS: ['copie de vos données', 'copy of your data'],
    PORTABILITY: ['portabilité', 'portability'],
    DISCLOSURE: ['communication à une autorité', 'disclosure to an authority'],
    BREACH_NOTICE: ['notification d’une violation de données', 'notice of a data breach'],
    ARCHIVE_CORRECTION: ['correction d’une facture archivée', 'correction of an archived invoice'],
  },
  GuardianRelationship: {
    PARENT: ['parent', 'parent'],
    LEGAL_GUARDIAN: ['tuteur', 'legal guardian'],
  },
  RequestStatus: {
    RECEIVED: ['reçue', 'received'],
    IN_PROGRESS: ['en cours', 'in progress'],
    COMPLETED: ['terminée', 'completed'],
    FAILED: ['en échec', 'failed'],
    REJECTED: ['refusée', 'refused'],
    AWAITING_REVIEW: ['en cours de vérification', 'being reviewed'],
    UNDER_EXAMINATION: ['en cours d’examen', 'under examination'],
  },
  RestrictionGround: {
    ACCURACY_CONTESTED: ['exactitude contestée', 'accuracy contested'],
    UNLAWFUL_PROCESSING: ['traitement illicite', 'unlawful processing'],
    NEEDED_FOR_LEGAL_CLAIMS: ['nécessaire à un droit en justice', 'needed for legal claims'],
    OBJECTION_PENDING: ['opposition en cours d’examen', 'objection under examination'],
    LEGAL_BASIS_CONTESTED: ['base légale contestée', 'legal basis contested'],
  },
  ObjectionDecision: {
    UPHELD: ['acceptée : le traitement cesse', 'upheld: the processing stops'],
    REFUSED: ['refusée, avec ses motifs', 'refused, with its reasons'],
  },
  IdentityMethod: {
    SUBJECT_TOKEN: ['connexion à votre compte', 'signed in to your account'],
    GUARDIAN_TOKEN: ['connexion de votre représentant légal', 'your legal representative signed in'],
    IDENTITY_DOCUMENT: ['pièce d’identité', 'identity document'],
    MAIL: ['courriel', 'email'],
    POST: ['courrier', 'post'],
    PHONE: ['téléphone', 'phone'],
    IN_PERSON: ['en personne', 'in person'],
    UNSUBSCRIBE_LINK: ['lien de désinscription', 'unsubscribe link'],
  },
  WaitReason: {
    QUEUED: ['son tour', 'its turn'],
    ATTEMPT_RUNNING: ['un traitement en cours', 'a step under way'],
    RETRY_RUNNING: ['un nouvel essai en cours', 'a retry under way'],
    RETRY_SCHEDULED: ['un nouvel essai prévu', 'a planned retry'],
    EMAIL_CONFIRMATION: ['la confirmation de votre courriel', 'your email confirmation'],
    EMAIL_CODE_EXPIRED: ['un nouveau code (le précédent a expiré)', 'a new code (the last one expired)'],
    EARLIER_LEG: ['une étape précédente', 'an earlier step'],
    LEGAL_HOLD: ['la levée d’un gel juridique', 'a legal hold to be released'],
    DPO_REVIEW: ['la vérification du délégué à la protection des données', 'the data protection officer’s review'],
    DPO_DECISION: ['la décision du délégué à la protection des données', 'the data protection officer’s decision'],
    SUBJECT_SIGN_IN: ['votre connexion', 'you to sign in'],
    PARENTAL_CONSENT: ['le consentement d’un parent', 'a parent’s consent'],
    NEXT_SWEEP: ['la prochaine purge', 'the next purge'],
  },
  LegStatus: {
    PENDING: ['en attente', 'pending'],
    DONE: ['fait', 'done'],
    FAILED: ['en échec', 'failed'],
    CANCELLED: ['annulé', 'cancelled'],
  },
  ReceiptOutcome: {
    APPLIED: ['appliqué', 'applied'],
    DRY_RUN: ['simulation', 'trial run'],
    SUBJECT_ERASED: ['compte déjà effacé', 'account already erased'],
  },
  RetentionGround: {
    ART_17_3_B: ['obligation légale (art. 17(3)(b) RGPD)', 'legal obligation (Art. 17(3)(b) GDPR)'],
    ART_17_3_E: ['défense de droits en justice (art. 17(3)(e) RGPD)', 'legal claims (Art. 17(3)(e) GDPR)'],
  },
  MentorAssignmentStatus: { ACTIVE: ['en cours', 'current'], ENDED: ['terminé', 'ended'] },
  TicketType: {
    TECHNICAL_QUESTION: ['question technique', 'technical question'],
    COMMERCIAL_REQUEST: ['demande commerciale', 'commercial request'],
    COMPLAINT: ['réclamation', 'complaint'],
    IMPROVEMENT_SUGGESTION: ['suggestion d’amélioration', 'suggestion'],
  },
  TicketChannel: {
    EMAIL: ['courriel', 'email'],
    PHONE: ['téléphone', 'phone'],
    WEB_FORM: ['formulaire du site', 'web form'],
    CHAT: ['messagerie instantanée', 'chat'],
  },
  TicketStatus: {
    OPEN: ['ouverte', 'open'],
    WAITING_ON_SUBJECT: ['en attente de votre réponse', 'waiting for your answer'],
    RESOLVED: ['résolue', 'resolved'],
    CLOSED: ['close', 'closed'],
  },
  SupportMessageAuthor: { SUBJECT: ['vous', 'you'], STAFF: ['notre équipe', 'our staff'] },
};

/** The words for `value` of the enum `type`, or null when there are none (the unit test forbids that). */
export function enumWords(type: string, value: string): Bilingual | null {
  const pair = Object.hasOwn(ENUMS, type) && Object.hasOwn(ENUMS[type], value) ? ENUMS[type][value] : undefined;
  return pair ? { fr: pair[0], en: pair[1] } : null;
}
