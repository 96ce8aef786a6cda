import { PRODUCT_RECORDS_RETENTION, RIGHTS_REQUESTS_RETENTION, type PrivacyPolicy } from './policy';

/** ophelantyra: business mentoring, Lyon. Policy in force from 15 January 2025. */
export const ophelantyra: PrivacyPolicy = {
  id: 'ophelantyra',
  controller: {
    name: 'ophelantyra',
    address: '2 Rue du Professeur Charles Appleton, 69007 Lyon, France',
    contact: 'support@ophelantyra.com, +33 3 88 29 51 17',
    activity: 'Business mentoring programmes',
  },
  effectiveDate: '2025-01-15',
  deadlines: {
    default: 'P1M',
    // « Nous vous fournirons cette copie ... généralement sous quinze jours. »
    access: 'P15D',
    portability: 'P15D',
    // « Nous procéderons à cette suppression dans un délai de trente jours »
    erasure: 'P30D',
    rectification: 'P1M',
    maxExtension: 'P2M',
  },
  // « Nous ne collectons pas sciemment d'informations auprès de personnes de moins de dix-huit ans. »
  minimumAge: 18,
  retention: {
    account: {
      period: null,
      from: 'account-active',
      then: 'DELETE',
      description: 'While the account is open; deleted within 30 days of closure.',
      quote:
        'Quand vous fermez définitivement votre compte, nous supprimons la plupart de vos données dans les trente jours.',
    },
    'session-data': {
      period: 'P6M',
      from: 'inactivity',
      then: 'ANONYMISE',
      description: 'Kept during the mentoring programme; may be anonymised after 6 months of inactivity.',
      quote: "Certaines données de session peuvent être anonymisées après six mois d'inactivité.",
    },
    documents: {
      period: null,
      from: 'account-active',
      then: 'DELETE',
      description:
        'Kept in the personal space while the account is open, visible to the subject and the assigned mentor.',
      quote:
        'Nous conservons ces fichiers dans votre espace personnel sécurisé, accessible uniquement à vous et à votre mentor assigné.',
    },
    // The policy gives no period: the CNIL's recommendation for connection logs, 6 months to a year
    // (decision 188), its upper end, as the logs serve security and diagnosis.
    'connection-logs': {
      period: 'P12M',
      from: 'collection',
      then: 'DELETE',
      description:
        'Connection logs (IP address, browser, pages, duration) used for security, performance and diagnosis only; deleted 12 months after the visit, as the CNIL recommends (6 months to 1 year), and with the account.',
      quote:
        'Ces éléments techniques ne servent qu’à maintenir la sécurité de la plateforme, optimiser les performances et diagnostiquer les problèmes éventuels.',
    },
    accounting: {
      period: 'P7Y',
      from: 'collection',
      then: 'DELETE',
      description: 'Invoices and receipts kept 7 years for tax obligations (Art. 17(3)(b)).',
      quote: 'Les informations de facturation et les reçus sont conservés sept ans conformément aux exigences fiscales',
    },
    support: {
      period: null,
      from: 'account-active',
      then: 'DELETE',
      description: 'Kept as service history while the account is open.',
      quote: 'Nous gardons ces échanges pour maintenir un historique de service et améliorer nos réponses futures.',
    },
    dispute: {
      period: null,
      from: 'resolution',
      then: 'DELETE',
      description: 'Records of a dispute or complaint kept until it is fully resolved (Art. 17(3)(e)).',
      quote: 'Les enregistrements liés à des litiges ou réclamations restent jusqu’à la résolution complète du dossier',
    },
    'consent-proof': {
      period: null,
      from: 'account-active',
      then: 'DELETE',
      description: 'Proof of consent (Art. 7(1)) kept while the processing it allows may run.',
      quote:
        'Vous pouvez retirer ce consentement à tout moment, sans que cela n’affecte la légalité des traitements effectués avant le retrait.',
    },
    'rights-requests': RIGHTS_REQUESTS_RETENTION,
  },
  supportRetentionByType: {},
  // Erasure submitted by the sweep of day 28 after the closure: two days of retries left inside
  // the thirty promised (decision 89).
  // « Si nous découvrions qu'un mineur nous a fourni des informations personnelles sans le
  // consentement parental approprié, nous supprimerions immédiatement ces données de nos systèmes. »
  minors: { consentDelay: null },
  closure: {
    eraseAfter: 'P28D',
    quote:
      'Quand vous fermez définitivement votre compte, nous supprimons la plupart de vos données dans les trente jours.',
  },
  // Session data anonymised after six months without activity: retention['session-data'].
  inactivity: { warnAfter: null, eraseAfterWarning: null },
  consentRequiredFor: ['MARKETING', 'EMPLOYER_REPORTING', 'RESEARCH'],
  supervisoryAuthority: 'CNIL, 3 Place de Fontenoy, TSA 80715, 75334 Paris Cedex 07',
  records: PRODUCT_RECORDS_RETENTION,
};
