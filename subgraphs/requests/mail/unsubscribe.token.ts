import { createHmac } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

/**
 * The one-click unsubscribe token (V17, V23: « le retrait est aussi simple que le consentement »):
 * a JWT signed with a key derived from the internal secret, so that it cannot be used as any other
 * token, naming the subject and the message it came with (`jti`). It does not expire: a link in
 * an old message must still work. Used once, it is spent (the ledger's run key, unsubscribe.route.ts).
 */
const AUDIENCE = 'dsg-unsubscribe';
const ISSUER = 'dsg-requests';
const MAX_TOKEN = 2048;

export interface UnsubscribeClaims {
  subjectId: string;
  messageId: string;
}

/** The key of unsubscribe tokens: HMAC of the internal key, never the internal key itself. */
export function unsubscribeKey(internalKey: Uint8Array): Uint8Array {
  return createHmac('sha256', internalKey).update('unsubscribe-link/v1').digest();
}

export function signUnsubscribe(key: Uint8Array, claims: UnsubscribeClaims): Promise<string> {
  return new SignJWT({ purpose: 'MARKETING' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(claims.subjectId)
    .setJti(claims.messageId)
    .setIssuedAt()
    .sign(key);
}

/** The claims of a token this service signed, or null for anything else (forged, altered, truncated). */
export async function verifyUnsubscribe(key: Uint8Array, token: string): Promise<UnsubscribeClaims | null> {
  if (token.length > MAX_TOKEN) return null;
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    const uuid = /^[0-9a-f-]{36}$/;
    if (typeof payload.sub !== 'string' || !uuid.test(payload.sub)) return null;
    if (typeof payload.jti !== 'string' || !uuid.test(payload.jti) || payload.purpose !== 'MARKETING') return null;
    return { subjectId: payload.sub, messageId: payload.jti };
  } catch {
    return null;
  }
}

/** The ledger run key that spends a token: one withdrawal per message link, whatever the race. */
export function unsubscribeRunKey(messageId: string): string {
  return `unsub:${messageId.replace(/-/g, '')}`;
}
