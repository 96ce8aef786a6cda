/**
 * The pages a subject's browser gets from the download link (docs/access-packages.md): in the
 * subject's language first, then the other one; what happened and what to do, never a code
 * alone, never JSON, nothing of anyone else. No script, no external resource.
 */
import type { Language } from '../mail/templates/notice';

export type PageKind = 'READY' | 'USED' | 'EXPIRED' | 'GONE' | 'INVALID' | 'NOT_YOURS' | 'SIGN_IN' | 'ERROR';

type Words = { title: string; body: string[] };
/** What a page may mention: the organisation's contact, the package's expiry, the sign-in address. */
export interface PageFacts {
  contact: string;
  organisation: string;
  availableUntil?: Date;
  signinUrl?: string | null;
  timeZone: string;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function longDate(language: Language, at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  }).format(at);
}

const WORDS: Record<Language, (kind: PageKind, f: PageFacts) => Words> = {
  fr: (kind, f) => {
    const ask = `Écrivez-nous à ${f.contact} (délégué à la protection des données de ${f.organisation}) : nous vous enverrons un nouveau lien.`;
    switch (kind) {
      case 'READY':
        return {
          title: 'Vos données sont prêtes',
          body: [
            `Le fichier de vos données est prêt${f.availableUntil ? `, jusqu’au ${longDate('fr', f.availableUntil, f.timeZone)}` : ''}.`,
            'Ce lien ne sert qu’une fois : téléchargez le fichier puis ouvrez-le. Il contient une page « index.html » à ouvrir dans votre navigateur, et les mêmes données lisibles par une machine.',
          ],
        };
      case 'USED':
        return { title: 'Ce lien a déjà servi', body: ['Par sécurité, chaque lien ne sert qu’une fois.', ask] };
      case 'EXPIRED':
        return { title: 'Ce lien a expiré', body: ['Par sécurité, un lien ne vaut que quelques jours.', ask] };
      case 'GONE':
        return {
          title: 'Ce fichier n’est plus disponible',
          body: [
            'Il a été supprimé à la fin de sa durée de mise à disposition.',
            `Pour en recevoir un nouveau, demandez une nouvelle copie de vos données depuis votre compte ou écrivez à ${f.contact}.`,
          ],
        };
      case 'INVALID':
        return {
          title: 'Ce lien n’est pas valide',
          body: ['Il est peut-être incomplet : copiez le lien entier depuis le courriel reçu.', ask],
        };
      case 'NOT_YOURS':
        return {
          title: 'Ce lien est destiné à une autre personne',
          body: [
            'Vous êtes connecté(e) sous un autre compte que celui de la personne à qui ce lien a été envoyé. Déconnectez-vous, puis ouvrez de nouveau le lien.',
            `S’il vous est parvenu par erreur, supprimez le courriel et prévenez-nous à ${f.contact}.`,
          ],
        };
      case 'SIGN_IN':
        return {
          title: 'Connectez-vous pour télécharger vos données',
          body: [
            `Connectez-vous à votre compte${f.signinUrl ? ` (${f.signinUrl})` : ''}, puis ouvrez de nouveau le lien du courriel.`,
          ],
        };
      case 'ERROR':
        return {
          title: 'Le service ne répond pas pour le moment',
          body: [
            'Réessayez dans quelques minutes ; votre lien reste valable.',
            `Si cela dure, écrivez à ${f.contact}.`,
          ],
        };
    }
  },
  en: (kind, f) => {
    const ask = `Write to ${f.contact} (data protection officer of ${f.organisation}): we will send you a new link.`;
    switch (kind) {
      case 'READY':
        return {
          title: 'Your data is ready',
          body: [
            `The file of your data is ready${f.availableUntil ? `, until ${longDate('en', f.availableUntil, f.timeZone)}` : ''}.`,
            'This link works once: download the file, then open it. It holds a page, “index.html”, to open in your browser, and the same data for machines.',
          ],
        };
      case 'USED':
        return { title: 'This link has already been used', body: ['For your safety, each link works only once.', ask] };
      case 'EXPIRED':
        return { title: 'This link has expired', body: ['For your safety, a link lasts only a few days.', ask] };
      case 'GONE':
        return {
          title: 'This file is no longer available',
          body: [
            'It was deleted at the end of the time it was kept for you.',
            `To get a new one, ask for a new copy of your data from your account, or write to ${f.contact}.`,
          ],
        };
      case 'INVALID':
        return {
          title: 'This link is not valid',
          body: ['It may be incomplete: copy the whole link from the email you received.', ask],
        };
      case 'NOT_YOURS':
        return {
          title: 'This link is meant for someone else',
          body: [
            'You are signed in with another account than the one of the person this link was sent to. Sign out, then open the link again.',
            `If it reached you by mistake, delete the email and let us know at ${f.contact}.`,
          ],
        };
      case 'SIGN_IN':
        return {
          title: 'Sign in to download your data',
          body: [
            `Sign in to your account${f.signinUrl ? ` (${f.signinUrl})` : ''}, then open the link from the email again.`,
          ],
        };
      case 'ERROR':
        return {
          title: 'The service is not answering right now',
          body: ['Try again in a few minutes; your link is still valid.', `If it lasts, write to ${f.contact}.`],
        };
    }
  },
};

const BUTTON: Record<Language, string> = { fr: 'Télécharger mes données', en: 'Download my data' };

const STYLE = `body{font:17px/1.5 system-ui,sans-serif;margin:3rem auto;max-width:38rem;padding:0 1rem;color:#1a1a1a}
section+section{margin-top:2.5rem;border-top:1px solid #ccc;padding-top:1rem;color:#444}
button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:.3rem;background:#0b5cad;color:#fff;cursor:pointer}`;

/** A form posting the link back: the download, not the page, uses it up (a mail scanner's GET does not). */
export interface DownloadForm {
  action: string;
  token: string | null;
}

export function packagePage(kind: PageKind, language: Language, facts: PageFacts, form?: DownloadForm): string {
  const order: Language[] = language === 'fr' ? ['fr', 'en'] : ['en', 'fr'];
  const sections = order.map((lang) => {
    const w = WORDS[lang](kind, facts);
    const button = form
      ? `<form method="post" action="${escapeHtml(form.action)}">${form.token ? `<input type="hidden" name="k" value="${escapeHtml(form.token)}">` : ''}<button type="submit">${BUTTON[lang]}</button></form>`
      : '';
    return `<section lang="${lang}"><h1>${escapeHtml(w.title)}</h1>${w.body.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${button}</section>`;
  });
  const title = WORDS[language](kind, facts).title;
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${title} · ${facts.organisation}`)}</title>
<style>${STYLE}</style>
</head>
<body>
${sections.join('\n')}
</body>
</html>
`;
}

/** The headers of every page: no caching, no referrer (the link is a credential), nothing loaded. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  'x-frame-options': 'DENY',
} as const;

export const PAGE_STATUS: Record<PageKind, number> = {
  READY: 200,
  USED: 410,
  EXPIRED: 410,
  GONE: 410,
  INVALID: 400,
  NOT_YOURS: 403,
  SIGN_IN: 401,
  ERROR: 503,
};
