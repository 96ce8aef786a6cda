import type { TransparencyStatement } from './transparency.types';

const HOW_BY_EMAIL = {
  fr: 'Écrivez à support@ophelantyra.com ou par courrier au 2 Rue du Professeur Charles Appleton, 69007 Lyon ; nous vérifions votre identité avant d’agir.',
  en: 'Write to support@ophelantyra.com or by post to 2 Rue du Professeur Charles Appleton, 69007 Lyon; we check your identity before acting.',
};

/** ophelantyra (business mentoring, Lyon): Art. 15(1)(e)-(h) and 15(2) as its policy states them. */
export const ophelantyraTransparency: TransparencyStatement = {
  rights: [
    {
      right: 'ACCESS',
      article: 'Art. 15',
      what: { fr: 'Obtenir une copie de vos données.', en: 'Obtain a copy of your data.' },
      how: {
        fr: 'Consultez votre espace à tout moment ; une copie complète structurée est fournie sous quinze jours sur demande.',
        en: 'View your space at any time; a full structured copy is provided within fifteen days on request.',
      },
    },
    {
      right: 'RECTIFICATION',
      article: 'Art. 16',
      what: { fr: 'Faire corriger des données inexactes.', en: 'Have inaccurate data corrected.' },
      how: {
        fr: 'Corrigez votre nom, fonction ou courriel depuis votre compte ; pour le reste, contactez le support.',
        en: 'Correct your name, function or email from your account; for anything else, contact support.',
      },
    },
    {
      right: 'ERASURE',
      article: 'Art. 17',
      what: {
        fr: 'Faire effacer vos données, sauf ce que la loi oblige à conserver (factures : sept ans).',
        en: 'Have your data erased, except what the law requires us to keep (invoices: seven years).',
      },
      how: {
        fr: `${HOW_BY_EMAIL.fr} Effacement sous trente jours.`,
        en: `${HOW_BY_EMAIL.en} Erasure within thirty days.`,
      },
    },
    {
      right: 'RESTRICTION',
      article: 'Art. 18',
      what: {
        fr: 'Limiter certains usages (par exemple le marketing) sans fermer votre compte.',
        en: 'Limit some uses (marketing, for example) without closing your account.',
      },
      how: HOW_BY_EMAIL,
    },
    {
      right: 'OBJECTION',
      article: 'Art. 21',
      what: {
        fr: 'Vous opposer aux traitements fondés sur notre intérêt légitime (analyses internes, par exemple).',
        en: 'Object to processing based on our legitimate interest (internal analyses, for example).',
      },
      how: HOW_BY_EMAIL,
    },
    {
      right: 'PORTABILITY',
      article: 'Art. 20',
      what: {
        fr: 'Recevoir les données que vous avez fournies dans un format structuré, pour un autre service.',
        en: 'Receive the data you provided in a structured format, for another service.',
      },
      how: HOW_BY_EMAIL,
    },
    {
      right: 'WITHDRAW_CONSENT',
      article: 'Art. 7(3)',
      what: {
        fr: 'Retirer un consentement à tout moment, sans effet sur les traitements passés.',
        en: 'Withdraw a consent at any time, without affecting processing before.',
      },
      how: HOW_BY_EMAIL,
    },
  ],
  complaint: {
    authority: 'Commission Nationale de l’Informatique et des Libertés (CNIL)',
    address: 'CNIL, 3 Place de Fontenoy, TSA 80715, 75334 Paris Cedex 07',
    website: 'https://www.cnil.fr',
    quote:
      'vous disposez du droit de déposer une plainte auprès de la Commission Nationale de l’Informatique et des Libertés (CNIL)',
  },
  automatedDecisions: [
    {
      what: {
        fr: 'Suggestions de jumelage avec un mentor (secteur, objectifs, disponibilités).',
        en: 'Mentor matching suggestions (sector, goals, availability).',
      },
      safeguard: {
        fr: 'La décision finale est toujours prise par un membre de l’équipe qui révise les suggestions : aucune décision entièrement automatisée.',
        en: 'The final decision is always taken by a team member who reviews the suggestions: no solely automated decision.',
      },
      categories: ['PROFESSIONAL', 'MENTORING'],
      quote:
        'la décision finale de jumelage est toujours prise par un membre de notre équipe qui révise les suggestions automatiques',
    },
  ],
  noAutomatedDecision: {
    fr: 'Aucune décision entièrement automatisée produisant des effets juridiques ou significatifs n’utilise ces données.',
    en: 'No solely automated decision with legal or similarly significant effects uses this data.',
  },
  transfersOutsideEea: {
    recipients: ['HOSTING_PROVIDER', 'EMAIL_PROVIDER', 'PAYMENT_PROVIDER'],
    safeguards: [
      {
        fr: 'Clauses contractuelles types approuvées par la Commission européenne (art. 46(2)(c)).',
        en: 'Standard contractual clauses approved by the European Commission (Art. 46(2)(c)).',
      },
      {
        fr: 'Ou mécanismes de certification reconnus (art. 46(2)(f)).',
        en: 'Or recognised certification mechanisms (Art. 46(2)(f)).',
      },
    ],
    copyFrom: { fr: 'Sur demande à support@ophelantyra.com.', en: 'On request to support@ophelantyra.com.' },
    quote:
      'Nos prestataires adhèrent soit aux clauses contractuelles types approuvées par la Commission européenne, soit à des mécanismes de certification reconnus',
  },
};
