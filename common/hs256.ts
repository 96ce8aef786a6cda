/**
 * The internal token's HS256 signature made and checked with node:crypto, synchronously.
 *
 * jose's async sign and verify cost 5-7% of the gateway's CPU per export and 5% of each
 * subgraph's (six tokens per export, each signed once and verified once: a cache of verified
 * tokens would never hit; decision 284). Signing here gives the exact header jose gave. The
 * check here accepts only what the gateway itself issues (that exact header, a canonical
 * signature, a string audience, `iat` and `exp` numbers, no `nbf`): anything else returns
 * null and goes to jose, which decides as before and says why.
 */
import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/** `{"alg":"HS256","typ":"JWT"}`, as jose encoded it. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

const mac = (key: KeyObject, signed: string): string => createHmac('sha256', key).update(signed).digest('base64url');

/** A compact JWT of `claims` (iat and exp added), signed with `key`. */
export function signHs256(key: KeyObject, claims: Record<string, unknown>, ttlSeconds: number): string {
  const iat = Math.floor(Date.now() / 1000);
  const payload = Buffer.from(JSON.stringify({ ...claims, iat, exp: iat + ttlSeconds })).toString('base64url');
  const signed = `${HEADER}.${payload}`;
  return `${signed}.${mac(key, signed)}`;
}

/**
 * The payload of a token the gateway issued for `audience` and `issuer`, valid now; null for
 * anything else (the caller then asks jose, which rejects it with its reason or accepts it).
 */
export function verifyOwnHs256(
  key: KeyObject,
  token: string,
  issuer: string,
  audience: string,
): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return null;
  const expected = Buffer.from(mac(key, `${parts[0]}.${parts[1]}`));
  const given = Buffer.from(parts[2]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const { iss, aud, iat, exp, nbf } = payload as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  if (iss !== issuer || aud !== audience || typeof iat !== 'number' || nbf !== undefined) return null;
  if (typeof exp !== 'number' || exp <= now) return null;
  return payload as Record<string, unknown>;
}
