/**
 * The messages the service sends, in French and English: small typed functions, one per kind,
 * that turn what happened into a subject line and a plain-text body. Nothing here reads a
 * database or a clock: the caller gives the facts (dates included), so rendering is a pure rule.
 */

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The kinds of message; the outbox stores the kind, GraphQL lists it. */
export const MESSAGE_KINDS = [
  'EMAIL_CONFIRMATION',
  'REQUEST_RECEIVED',
  'REQUEST_COMPLETED',
  'REQUEST_REJECTED',
  'DEADLINE_EXTENDED',
  'PACKAGE_READY',
  'INACTIVITY_WARNING',
  'GUARDIAN_CONTACT',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Who writes: the controller named in the configured policy, and where to complain (Art. 12(4), 77). */
export interface Sender {
  organisation: string;
  contact: string;
  authority: string;
}

/** Records of one kind kept despite an erasure, on one ground: how many, until when (the latest date). */
export interface KeptRecords {
  entity: string;
  count: number;
  ground: string;
  until: Date | null;
  untilEvent: string | null;
}

/** The rights of a request, as the ledger names them (RETENTION and other system runs send no mail). */
export type RightName =
  | 'ERASURE'
  | 'RECTIFICATION'
  | 'RESTRICTION'
  | 'LIFT_RESTRICTION'
  | 'OBJECTION'
  | 'CONSENT'
  | 'CLOSURE'
  | 'ACCESS'
  | 'PORTABILITY';

export type Notice =
  | { kind: 'EMAIL_CONFIRMATION'; code: string; expiresAt: Date }
  | { kind: 'REQUEST_RECEIVED'; requestId: string; right: RightName; receivedAt: Date; dueAt: Date }
  | { kind: 'REQUEST_COMPLETED'; requestId: string; right: RightName; completedAt: Date; kept: KeptRecords[] }
  | { kind: 'REQUEST_REJECTED'; requestId: string; right: RightName; reason: string }
  | { kind: 'DEADLINE_EXTENDED'; requestId: string; right: RightName; reason: string; dueAt: Date; months: number }
  | { kind: 'PACKAGE_READY'; requestId: string; right: RightName; link: string; expiresAt: Date }
  | { kind: 'INACTIVITY_WARNING'; lastActivity: Date; erasureDate: Date }
  | { kind: 'GUARDIAN_CONTACT'; childName: string; minimumAge: number; respondBy: Date };

export interface RenderedMail {
  subject: string;
  text: string;
}

type Of<K extends MessageKind> = Extract<Notice, { kind: K }>;
type Templates = { [K in MessageKind]: (n: Of<K>, s: Sender) => RenderedMail };

/** Dates as people read them, in the organisation's time zone (both policies are French). */
function day(language: Language, date: Date): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Europe/Paris',
  }).format(date);
}

const RIGHT: Record<Language, Record<RightName, string>> = {
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

const GROUND: Record<Language, Record<string, string>> = {
  fr: { ART_17_3_B: 'obligation légale (art. 17(3)(b) RGPD)', ART_17_3_E: 'litige en cours (art. 17(3)(e) RGPD)' },
  en: { ART_17_3_B: 'legal obligation (Art. 17(3)(b) GDPR)', ART_17_3_E: 'legal claims (Art. 17(3)(e) GDPR)' },
};

const lines = (...parts: Array<string | false>) => parts.filter((p) => p !== false).join('\n');

function signature(language: Language, s: Sender): string {
  return language === 'fr'
    ? `\n--\n${s.organisation}, délégué à la protection des données\nContact : ${s.contact}`
    : `\n--\n${s.organisation}, data protection officer\nContact: ${s.contact}`;
}

/** The receipts' entity names, as a subject reads them; an unknown one is shown as it is. */
const ENTITY: Record<Language, Record<string, string>> = {
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

function keptLines(language: Language, kept: readonly KeptRecords[]): string[] {
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

const FR: Templates = {
  EMAIL_CONFIRMATION: (n, s) => ({
    subject: 'Confirmez votre nouvelle adresse e-mail',
    text: lines(
      'Bonjour,',
      '',
      `Quelqu'un a demandé à utiliser cette adresse pour un compte chez ${s.organisation}. Si c'est vous, confirmez-la avec ce code avant le ${day('fr', n.expiresAt)} :`,
      '',
      n.code,
      '',
      "Si ce n'est pas vous, ignorez ce message : rien ne change.",
      signature('fr', s),
    ),
  }),
  REQUEST_RECEIVED: (n, s) => ({
    subject: 'Nous avons bien reçu votre demande',
    text: lines(
      'Bonjour,',
      '',
      `Nous avons reçu le ${day('fr', n.receivedAt)} votre ${RIGHT.fr[n.right]}.`,
      `Nous vous répondrons au plus tard le ${day('fr', n.dueAt)}.`,
      '',
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
  REQUEST_COMPLETED: (n, s) => ({
    subject: 'Votre demande a été traitée',
    text: lines(
      'Bonjour,',
      '',
      `Votre ${RIGHT.fr[n.right]} a été traitée le ${day('fr', n.completedAt)} dans tous nos services.`,
      n.kept.length > 0 && '\nLa loi nous oblige à conserver ces éléments, puis ils seront supprimés :',
      ...keptLines('fr', n.kept),
      '',
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
  REQUEST_REJECTED: (n, s) => ({
    subject: 'Votre demande ne peut pas être satisfaite',
    text: lines(
      'Bonjour,',
      '',
      `Nous ne pouvons pas donner suite à votre ${RIGHT.fr[n.right]}, pour la raison suivante :`,
      '',
      n.reason,
      '',
      `Vous pouvez introduire une réclamation auprès de l'autorité de contrôle (${s.authority}) et former un recours juridictionnel (art. 12(4) RGPD).`,
      '',
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
  DEADLINE_EXTENDED: (n, s) => ({
    subject: 'Le délai de réponse à votre demande est prolongé',
    text: lines(
      'Bonjour,',
      '',
      `Le délai de réponse à votre ${RIGHT.fr[n.right]} est prolongé de ${n.months} mois, pour la raison suivante :`,
      '',
      n.reason,
      '',
      `Nous vous répondrons au plus tard le ${day('fr', n.dueAt)} (art. 12(3) RGPD).`,
      '',
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
  PACKAGE_READY: (n, s) => ({
    subject: 'Vos données sont prêtes à être téléchargées',
    text: lines(
      'Bonjour,',
      '',
      `Suite à votre ${RIGHT.fr[n.right]}, le fichier de vos données est prêt.`,
      'Téléchargez-le depuis votre espace personnel, connecté(e) à votre compte (le lien ne fonctionne que pour vous) :',
      '',
      n.link,
      '',
      `Il est disponible jusqu'au ${day('fr', n.expiresAt)}, puis il sera supprimé ; vous pourrez en demander un nouveau.`,
      '',
      `Référence : ${n.requestId}`,
      signature('fr', s),
    ),
  }),
  INACTIVITY_WARNING: (n, s) => ({
    subject: 'Votre compte est inactif',
    text: lines(
      'Bonjour,',
      '',
      `Votre compte chez ${s.organisation} n'a pas été utilisé depuis le ${day('fr', n.lastActivity)}.`,
      `Sans action de votre part, votre compte et vos données seront effacés le ${day('fr', n.erasureDate)}.`,
      'Pour conserver votre compte, il vous suffit de vous connecter avant cette date.',
      signature('fr', s),
    ),
  }),
  GUARDIAN_CONTACT: (n, s) => ({
    subject: 'Consentement parental requis',
    text: lines(
      'Bonjour,',
      '',
      `${n.childName} a un compte chez ${s.organisation}. Pour les personnes de moins de ${n.minimumAge} ans, nous avons besoin du consentement d'un titulaire de l'autorité parentale.`,
      `Sans consentement de votre part avant le ${day('fr', n.respondBy)}, le compte et ses données seront supprimés.`,
      signature('fr', s),
    ),
  }),
};

const EN: Templates = {
  EMAIL_CONFIRMATION: (n, s) => ({
    subject: 'Confirm your new email address',
    text: lines(
      'Hello,',
      '',
      `Someone asked to use this address for an account with ${s.organisation}. If it was you, confirm it with this code before ${day('en', n.expiresAt)}:`,
      '',
      n.code,
      '',
      'If it was not you, ignore this message: nothing changes.',
      signature('en', s),
    ),
  }),
  REQUEST_RECEIVED: (n, s) => ({
    subject: 'We have received your request',
    text: lines(
      'Hello,',
      '',
      `We received your ${RIGHT.en[n.right]} on ${day('en', n.receivedAt)}.`,
      `We will answer by ${day('en', n.dueAt)} at the latest.`,
      '',
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
  REQUEST_COMPLETED: (n, s) => ({
    subject: 'Your request has been carried out',
    text: lines(
      'Hello,',
      '',
      `Your ${RIGHT.en[n.right]} was carried out on ${day('en', n.completedAt)} in all our services.`,
      n.kept.length > 0 && '\nThe law requires us to keep the following, after which it will be deleted:',
      ...keptLines('en', n.kept),
      '',
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
  REQUEST_REJECTED: (n, s) => ({
    subject: 'We cannot act on your request',
    text: lines(
      'Hello,',
      '',
      `We cannot act on your ${RIGHT.en[n.right]}, for this reason:`,
      '',
      n.reason,
      '',
      `You may lodge a complaint with the supervisory authority (${s.authority}) and seek a judicial remedy (Art. 12(4) GDPR).`,
      '',
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
  DEADLINE_EXTENDED: (n, s) => ({
    subject: 'The deadline to answer your request is extended',
    text: lines(
      'Hello,',
      '',
      `The deadline to answer your ${RIGHT.en[n.right]} is extended by ${n.months} month${n.months === 1 ? '' : 's'}, for this reason:`,
      '',
      n.reason,
      '',
      `We will answer by ${day('en', n.dueAt)} at the latest (Art. 12(3) GDPR).`,
      '',
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
  PACKAGE_READY: (n, s) => ({
    subject: 'Your data is ready to download',
    text: lines(
      'Hello,',
      '',
      `Following your ${RIGHT.en[n.right]}, the file of your data is ready.`,
      'Download it from your personal space, signed in to your account (the link works for you only):',
      '',
      n.link,
      '',
      `It is available until ${day('en', n.expiresAt)}, then it will be deleted; you may ask for a new one.`,
      '',
      `Reference: ${n.requestId}`,
      signature('en', s),
    ),
  }),
  INACTIVITY_WARNING: (n, s) => ({
    subject: 'Your account is inactive',
    text: lines(
      'Hello,',
      '',
      `Your account with ${s.organisation} has not been used since ${day('en', n.lastActivity)}.`,
      `Unless you act, your account and its data will be erased on ${day('en', n.erasureDate)}.`,
      'To keep your account, simply sign in before that date.',
      signature('en', s),
    ),
  }),
  GUARDIAN_CONTACT: (n, s) => ({
    subject: 'Parental consent required',
    text: lines(
      'Hello,',
      '',
      `${n.childName} has an account with ${s.organisation}. For people under ${n.minimumAge}, we need the consent of a holder of parental responsibility.`,
      `Without your consent by ${day('en', n.respondBy)}, the account and its data will be deleted.`,
      signature('en', s),
    ),
  }),
};

const TEMPLATES: Record<Language, Templates> = { fr: FR, en: EN };

export function renderNotice(notice: Notice, language: Language, sender: Sender): RenderedMail {
  const render = TEMPLATES[language][notice.kind] as (n: Notice, s: Sender) => RenderedMail;
  return render(notice, sender);
}

/**
 * The language of a profile's locale (`fr-FR`, `en_GB`, `EN`), or the fallback when we write
 * no message in it (`ja-JP`, `ar`, none).
 */
export function languageOf(locale: string | null | undefined, fallback: Language): Language {
  const primary = locale?.trim().toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as Language) : fallback;
}
