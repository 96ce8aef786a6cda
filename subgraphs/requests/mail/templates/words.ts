import type { KeptRecords, Language, RightName, Sender } from './notice';

/** The words every message shares: dates as people read them, the rights, grounds and records named, the signature. */

/** Dates as people read them, in the organisation's time zone (both policies are French). */
export function day(language: Language, date: Date): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Europe/Paris',
  }).format(date);
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

export const GROUND: Record<Language, Record<string, string>> = {
  fr: { ART_17_3_B: 'obligation légale (art. 17(3)(b) RGPD)', ART_17_3_E: 'litige en cours (art. 17(3)(e) RGPD)' },
  en: { ART_17_3_B: 'legal obligation (Art. 17(3)(b) GDPR)', ART_17_3_E: 'legal claims (Art. 17(3)(e) GDPR)' },
};

export const lines = (...parts: Array<string | false>) => parts.filter((p) => p !== false).join('\n');

export function signature(language: Language, s: Sender): string {
  return language === 'fr'
    ? `\n--\n${s.organisation}, délégué à la protection des données\nContact : ${s.contact}`
    : `\n--\n${s.organisation}, data protection officer\nContact: ${s.contact}`;
}

/** The receipts' entity names, as a subject reads them; an unknown one is shown as it is. */
export const ENTITY: Record<Language, Record<string, string>> = {
  fr: {
    Invoice: 'factures',
    Payment: 'paiements',
    BillingAccount: 'compte de facturation',
    SupportTicket: "demandes d'assistance",
    SupportMessage: "messages d'assistance",
  },
  en: {
    Invoice: 'invoices',
    Payment: 'payments',
    BillingAccount: 'billing account',
    SupportTicket: 'support tickets',
    SupportMessage: 'support messages',
  },
};

export function keptLines(language: Language, kept: readonly KeptRecords[]): string[] {
  return kept.map((k) => {
    const what = `${ENTITY[language][k.entity] ?? k.entity} (${k.count})`;
    const ground = GROUND[language][k.ground] ?? k.ground;
    if (language === 'fr') {
      const until = k.until
        ? `au plus tard jusqu'au ${day('fr', k.until)}`
        : `jusqu'à : ${k.untilEvent ?? 'la fin du motif'}`;
      return `- ${what} : ${ground}, ${until}`;
    }
    const until = k.until ? `until ${day('en', k.until)} at the latest` : `until: ${k.untilEvent ?? 'the ground ends'}`;
    return `- ${what}: ${ground}, ${until}`;
  });
}
