import { PRODUCT_RECORDS_RETENTION, RIGHTS_REQUESTS_RETENTION, type PrivacyPolicy, type RetentionRule } from './policy';

const supportRule = (
  months: number,
  from: RetentionRule['from'],
  description: string,
  quote: string,
): RetentionRule => ({
  period: `P${months}M`,
  from,
  then: 'DELETE',
  description,
  quote,
});

/** veloraqenvi: budget education, Dijon. */
export const veloraqenvi: PrivacyPolicy = {
  id: 'veloraqenvi',
  controller: {
    name: 'veloraqenvi',
    address: '30 Rue Piron, 21000 Dijon, France',
    contact: 'help@veloraqenvi.com, +33322925019',
    activity: 'Budget education resources and tools',
  },
  effectiveDate: null,
  deadlines: {
    // « Nous examinons la faisabilité juridique et technique ... puis vous répondons sous un mois. »
    default: 'P1M',
    // Self-service export « prend généralement entre 24 et 48 heures ».
    access: 'P2D',
    portability: 'P2D',
    erasure: 'P1M',
    rectification: 'P1M',
    maxExtension: 'P2M',
  },
  // « ... des personnes de moins de 16 ans. »
  minimumAge: 16,
  retention: {
    account: {
      period: null,
      from: 'account-active',
      then: 'DELETE',
      description: 'While the account is active (a login in the last 36 months); deleted at once on closure.',
      quote: 'Quand vous fermez volontairement votre compte, les données principales sont immédiatement supprimées.',
    },
    'session-data': {
      period: null,
      from: 'account-active',
      then: 'DELETE',
      description: 'Learning history kept while the account is active.',
      quote: 'Tant que votre compte reste actif, nous conservons les éléments de profil et l’historique d’utilisation.',
    },
    documents: {
      period: null,
      from: 'account-active',
      then: 'DELETE',
      description: 'Kept while the account is active.',
      quote: 'Tant que votre compte reste actif, nous conservons les éléments de profil et l’historique d’utilisation.',
    },
    'connection-logs': {
      period: 'P12M',
      from: 'collection',
      then: 'ANONYMISE',
      description: 'Server logs with IP addresses and navigation kept 12 months, then anonymised.',
      quote:
        'Les logs serveur contenant les adresses IP et les traces de navigation sont conservés pendant 12 mois puis anonymisés.',
    },
    accounting: {
      period: 'P10Y',
      from: 'collection',
      then: 'DELETE',
      description: 'Accounting records of paid transactions kept 10 years for tax obligations (Art. 17(3)(b)).',
      quote:
        'Les données comptables liées à des transactions payantes sont conservées dix ans conformément aux obligations fiscales.',
    },
    support: {
      period: 'P24M',
      from: 'account-closure',
      then: 'DELETE',
      description:
        'Exchanges with customer service archived 24 months after closure; by request type otherwise (see below).',
      quote: 'Les échanges avec le service client sont archivés pendant 24 mois supplémentaires après la fermeture',
    },
    dispute: {
      period: 'P60M',
      from: 'collection',
      then: 'DELETE',
      description:
        'Complaints kept 60 months for legal compliance; longer while a legal claim is pending (Art. 17(3)(e)).',
      quote: 'Réclamation | Coordonnées, historique complet, documents justificatifs | 60 mois pour conformité légale',
    },
    'consent-proof': {
      period: null,
      from: 'account-active',
      then: 'DELETE',
      description: 'Proof of consent (Art. 7(1)) kept while the processing it allows may run.',
      quote: 'Ce consentement peut être retiré à tout moment avec la même simplicité qu’il a été donné.',
    },
    'rights-requests': RIGHTS_REQUESTS_RETENTION,
  },
  supportRetentionByType: {
    TECHNICAL_QUESTION: supportRule(
      24,
      'resolution',
      'Technical questions: 24 months after resolution.',
      'Question technique | ... | 24 mois après résolution',
    ),
    COMMERCIAL_REQUEST: supportRule(
      36,
      'last-contact',
      'Commercial requests: 36 months after the last contact.',
      'Demande commerciale | ... | 36 mois après dernier contact',
    ),
    COMPLAINT: supportRule(
      60,
      'collection',
      'Complaints: 60 months for legal compliance.',
      'Réclamation | ... | 60 mois pour conformité légale',
    ),
    IMPROVEMENT_SUGGESTION: supportRule(
      12,
      'resolution',
      'Improvement suggestions: 12 months after processing.',
      "Suggestion d'amélioration | ... | 12 mois après traitement",
    ),
  },
  // « nous prenons contact avec les représentants légaux pour obtenir leur consentement ou procéder
  // à la suppression des données. » The delay is ours (decision 95).
  minors: { consentDelay: 'P30D' },
  closure: {
    eraseAfter: 'P0D',
    quote: 'Quand vous fermez volontairement votre compte, les données principales sont immédiatement supprimées.',
  },
  // « Passé ce délai d'inactivité [36 mois], nous vous envoyons un avertissement ... Si aucune
  // réaction n'intervient dans les 60 jours suivant cet avertissement, le compte ... [est] effacé. »
  inactivity: { warnAfter: 'P36M', eraseAfterWarning: 'P60D' },
  consentRequiredFor: ['MARKETING'],
  supervisoryAuthority: 'CNIL, 3 Place de Fontenoy, TSA 80715, 75334 Paris Cedex 07',
  records: PRODUCT_RECORDS_RETENTION,
};
