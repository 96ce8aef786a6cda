import { hkdfSync, randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { positiveIntegerSettings } from '../../../common/config';

/**
 * The download link of the "your data is ready" mail (docs/access-packages.md): a JWT (HS256)
 * naming the request, its own id (`jti`, used once) and the subject's language, valid for
 * PACKAGE_LINK_TTL_HOURS and never past the package's expiry. Its key is derived (HKDF) from
 * the internal-token secret every replica already holds, so no new secret is needed and a link
 * key cannot sign an internal token.
 */
export interface LinkSettings {
  /** `link` (default): the signed, single-use link; `signin`: the organisation's sign-in instead. */
  mode: 'link' | 'signin';
  ttlHours: number;
  /** Where a subject signs in (signin mode), shown on the pages that ask for it. */
  signinUrl: string | null;
  /** The subjects' time zone, for the dates the pages show (SUBJECT_TIME_ZONE, default Europe/Paris). */
  timeZone: string;
}

export function linkSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): LinkSettings {
  const mode = env.PACKAGE_LINK_MODE?.trim() || 'link';
  if (mode !== 'link' && mode !== 'signin') throw new Error('PACKAGE_LINK_MODE must be link or signin');
  const { ttlHours } = positiveIntegerSettings(env, { ttlHours: 'PACKAGE_LINK_TTL_HOURS' }, { ttlHours: 72 });
  const signinUrl = env.PACKAGE_SIGNIN_URL?.trim() || null;
  if (signinUrl && !/^https?:\/\/\S+$/.test(signinUrl)) throw new Error('PACKAGE_SIGNIN_URL must be an http(s) URL');
  const timeZone = env.SUBJECT_TIME_ZONE?.trim() || 'Europe/Paris';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error('SUBJECT_TIME_ZONE must be an IANA time zone such as Europe/Paris');
  }
  return { mode, ttlHours, signinUrl, timeZone };
}

const ISSUER = 'dsg-requests';
const AUDIENCE = 'package-link';

export function linkKey(internalKey: Uint8Array): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', internalKey, new Uint8Array(0), 'dsg package download link', 32));
}

export interface LinkClaims {
  requestId: string;
  jti: string;
  language: string;
}

/** A link for `requestId`, issued at `asOf`, valid `ttlHours` but never past `notAfter`. */
export async function signLink(
  key: Uint8Array,
  claims: { requestId: string; language: string },
  asOf: Date,
  ttlHours: number,
  notAfter: Date,
): Promise<string> {
  const issued = Math.floor(asOf.getTime() / 1000);
  const expires = Math.min(issued + ttlHours * 3600, Math.floor(notAfter.getTime() / 1000));
  return new SignJWT({ lang: claims.language })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(claims.requestId)
    .setJti(randomUUID())
    .setIssuedAt(issued)
    .setExpirationTime(expires)
    .sign(key);
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; why: 'EXPIRED' | 'INVALID' };

/** Whether `token` is a link this service signed for `requestId`, still valid at `asOf`. */
export async function verifyLink(key: Uint8Array, token: string, requestId: string, asOf: Date): Promise<LinkCheck> {
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      currentDate: asOf,
      requiredClaims: ['exp', 'jti', 'sub'],
    });
    if (payload.sub !== requestId || typeof payload.jti !== 'string') return { ok: false, why: 'INVALID' };
    const language = typeof payload.lang === 'string' ? payload.lang : 'fr';
    return { ok: true, claims: { requestId, jti: payload.jti, language } };
  } catch (error) {
    return { ok: false, why: error instanceof joseErrors.JWTExpired ? 'EXPIRED' : 'INVALID' };
  }
}
