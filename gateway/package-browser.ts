import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import express from 'express';
import type { Principal } from '../common/access';
import { signInternalToken } from '../common/internal-token';
import { cookieValue, LINK_VISITOR_SUB, SESSION_COOKIE } from '../common/package-link';
import type { Authenticator } from './auth';
import type { RateLimiter } from './limits';

interface BrowserOptions {
  authenticate: Authenticator;
  rateLimiter: RateLimiter;
  requestsBase: () => string;
  key: Uint8Array;
  timeoutMs: number;
}

const PASSED = ['content-type', 'content-length', 'content-disposition', 'cache-control'];
const PAGE_HEADERS = ['referrer-policy', 'content-security-policy', 'x-frame-options'];

const PAGES = {
  unavailable: {
    title: 'Réessayez plus tard / Try again later',
    fr: [
      'Réessayez dans quelques minutes',
      'Le service ne peut pas répondre pour le moment ; votre lien reste valable.',
    ],
    en: ['Try again in a few minutes', 'The service cannot answer right now; your link is still valid.'],
  },
  invalid: {
    title: 'Lien non valide / Link not valid',
    fr: [
      'Ce lien n’est pas valide',
      'Ouvrez de nouveau le lien entier reçu par courriel, puis utilisez le bouton de la page.',
    ],
    en: ['This link is not valid', 'Open the whole link from the email again, then use the button on the page.'],
  },
} as const;

/** The gateway's own pages, when `requests` cannot answer or the form is not one it sent: never JSON. */
function ownPage(res: express.Response, status: number, kind: keyof typeof PAGES): void {
  const p = PAGES[kind];
  res
    .status(status)
    .set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' })
    .send(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${p.title}</title></head>
<body style="font:17px/1.5 system-ui,sans-serif;max-width:38rem;margin:3rem auto;padding:0 1rem">
<section lang="fr"><h1>${p.fr[0]}</h1><p>${p.fr[1]}</p></section>
<section lang="en"><h1>${p.en[0]}</h1><p>${p.en[1]}</p></section>
</body></html>`);
}

const unavailable = (res: express.Response, status: number): void => ownPage(res, status, 'unavailable');

/** The download form's body: a link at most; anything else (too large, malformed) gets a page, not express's error. */
const readForm = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 4 });
const formOnly: express.RequestHandler = (req, res, next) =>
  readForm(req, res, (error?: unknown) => (error ? ownPage(res, 400, 'invalid') : next()));

/**
 * The download link of the "your data is ready" mail, opened in a browser (no Authorization
 * header): GET /packages/:id?k=<link> shows a page, POST /packages/:id/download gives the zip.
 * The browser's sign-in, if any, is the caller token in the SESSION_COOKIE cookie; the gateway
 * forwards it (or LINK_VISITOR_SUB) to `requests`, which decides and writes every page.
 */
export function packageBrowserRoutes(app: express.Express, options: BrowserOptions): void {
  const principalOf = async (req: express.Request): Promise<Principal> => {
    const cookie = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (cookie) {
      try {
        return await options.authenticate(`Bearer ${cookie}`);
      } catch {
        // An expired or foreign sign-in counts as none: the link alone then decides.
      }
    }
    return { sub: LINK_VISITOR_SUB, roles: ['subject'] };
  };
  const forward = async (req: express.Request, res: express.Response, path: string, body?: unknown) => {
    const principal = await principalOf(req);
    const limitedAs = principal.sub === LINK_VISITOR_SUB ? `${LINK_VISITOR_SUB}:${req.ip ?? ''}` : principal.sub;
    try {
      options.rateLimiter.takeRequest({ ...principal, sub: limitedAs });
    } catch {
      return unavailable(res, 429);
    }
    try {
      const token = await signInternalToken(options.key, 'requests', { principal, requestId: randomUUID() });
      const answer = await fetch(`${options.requestsBase()}/internal/${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'accept-language': req.headers['accept-language'] ?? '',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      res.status(answer.status);
      for (const name of [...PASSED, ...PAGE_HEADERS]) {
        const value = answer.headers.get(name);
        if (value) res.setHeader(name, value);
      }
      if (!answer.body) return void res.end();
      await pipeline(Readable.fromWeb(answer.body as WebReadableStream<Uint8Array>), res);
    } catch {
      if (res.headersSent) return void res.destroy();
      unavailable(res, 503);
    }
  };
  // A tool sends Authorization and gets the API (package-proxy.ts); a browser gets pages.
  app.get('/packages/:id', (req, res, next) => {
    if (req.headers.authorization) return next();
    const id = encodeURIComponent(String(req.params.id));
    const k = typeof req.query.k === 'string' ? `?k=${encodeURIComponent(req.query.k)}` : '';
    void forward(req, res, `package-links/${id}${k}`);
  });
  app.post('/packages/:id/download', formOnly, (req, res) => {
    const form = (req.body ?? {}) as { k?: unknown };
    const id = encodeURIComponent(String(req.params.id));
    void forward(req, res, `package-links/${id}/download`, { k: typeof form.k === 'string' ? form.k : null });
  });
}
