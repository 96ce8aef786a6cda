import type { TransparencyStatement } from './transparency.types';

const HOW_BY_EMAIL = {
  fr: 'Écrivez à help@veloraqenvi.com (ou au 30 Rue Piron, 21000 Dijon) avec une copie d’une pièce d’identité.',
  en: 'Write to help@veloraqenvi.com (or 30 Rue Piron, 21000 Dijon) with a copy of an identity document.',
};

/** veloraqenvi (budget education, Dijon): Art. 15(1)(e)-(h) and 15(2) as its policy states them. */
export const veloraqenviTransparency: TransparencyStatement = {
  rights: [
    {
      right: 'ACCESS',
      article: 'Art. 15',
      what: { fr: 'Obtenir une copie de vos données.', en: 'Obtain a copy of your data.' },
      how: {
        fr: '« Mes données » > « Demander mon export complet » dans votre espace ; prêt en 24 à 48 heures.',
        en: '"Mes données" > "Demander mon export complet" in your space; ready within 24 to 48 hours.',
      },
    },
    {
      right: 'RECTIFICATION',
      article: 'Art. 16',
      what: { fr: 'Faire corriger des données inexactes.', en: 'Have inaccurate data corrected.' },
      how: {
        fr: 'Modifiez-les depuis votre profil ; un changement d’adresse courriel est confirmé à la nouvelle adresse.',
        en: 'Edit them in your profile; a new email address is confirmed at that address.',
      },
    },
    {
      right: 'ERASURE',
      article: 'Art. 17',
      what: {
        fr: 'Faire effacer les catégories que vous nommez, sauf ce que la loi oblige à conserver (comptabilité : dix ans).',
        en: 'Have the categories you name erased, except what the law requires us to keep (accounting: ten years).',
      },
      how: { fr: `${HOW_BY_EMAIL.fr} Réponse sous un mois.`, en: `${HOW_BY_EMAIL.en} Answer within one month.` },
    },
    {
      right: 'RESTRICTION',
      article: 'Art. 18',
      what: {
        fr: 'Geler l’usage de données contestées pendant leur vérification, ou pendant l’examen d’une opposition.',
        en: 'Freeze the use of contested data while it is checked, or while an objection is examined.',
      },
      how: HOW_BY_EMAIL,
    },
    {
      right: 'OBJECTION',
      article: 'Art. 21',
      what: {
        fr: 'Vous opposer aux traitements fondés sur notre intérêt légitime ; le marketing par le lien de désinscription.',
        en: 'Object to processing based on our legitimate interest; to marketing through the unsubscribe link.',
      },
      how: HOW_BY_EMAIL,
    },
    {
      right: 'PORTABILITY',
      article: 'Art. 20',
      what: {
        fr: 'Recevoir votre profil, votre historique de progression et vos préférences, sans nos analyses dérivées.',
        en: 'Receive your profile, progress history and preferences, without our derived analyses.',
      },
      how: HOW_BY_EMAIL,
    },
    {
      right: 'WITHDRAW_CONSENT',
      article: 'Art. 7(3)',
      what: {
        fr: 'Retirer un consentement aussi simplement que vous l’avez donné.',
        en: 'Withdraw a consent as easily as you gave it.',
      },
      how: HOW_BY_EMAIL,
    },
  ],
  complaint: {
    authority: 'Commission Nationale de l’Informatique et des Libertés (CNIL)',
    address: 'CNIL, 3 Place de Fontenoy, TSA 80715, 75334 Paris Cedex 07',
    website: 'https://www.cnil.fr',
    quote:
      'Cette démarche peut s’effectuer en ligne via le site cnil.fr ou par courrier à l’adresse : CNIL, 3 Place de Fontenoy, TSA 80715, 75334 Paris Cedex 07.',
  },
  automatedDecisions: [
    {
      what: {
        fr: 'Recommandations de modules pédagogiques, à partir de vos progressions et de profils similaires.',
        en: 'Learning module recommendations, from your progress and similar profiles.',
      },
      safeguard: {
        fr: 'Vous pouvez les refuser et parcourir le catalogue complet : option dans les paramètres de votre espace.',
        en: 'You can switch them off and browse the full catalogue: a setting in your space.',
      },
      categories: ['LEARNING', 'FINANCIAL'],
      quote: 'Vous pouvez refuser ces recommandations automatisées et naviguer manuellement dans le catalogue complet.',
    },
  ],
  noAutomatedDecision: {
    fr: 'Aucune décision automatisée n’utilise ces données.',
    en: 'No automated decision uses this data.',
  },
  transfersOutsideEea: {
    // Hosting is in France (« Nos serveurs sont hébergés dans un centre de données situé en France »):
    // the third-country providers are the auxiliary services, i.e. mail routing and payment.
    recipients: ['EMAIL_PROVIDER', 'PAYMENT_PROVIDER'],
    safeguards: [
      {
        fr: 'Clauses contractuelles types approuvées par la Commission européenne (art. 46(2)(c)).',
        en: 'Standard contractual clauses approved by the European Commission (Art. 46(2)(c)).',
      },
    ],
    copyFrom: { fr: 'Copie sur demande à help@veloraqenvi.com.', en: 'A copy on request to help@veloraqenvi.com.' },
    quote:
      'Ces garanties prennent généralement la forme de clauses contractuelles types approuvées par la Commission européenne.',
  },
};
