/**
 * The token the gateway gives every subgraph call: HS256, signed with a secret only the gateway
 * and the subgraphs hold, addressed to one subgraph (`aud`), valid for seconds. It carries the
 * caller's identity as the gateway established it; a subgraph trusts nothing else (no header,
 * no argument), so going around the gateway gets nowhere.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { signHs256, verifyOwnHs256 } from './hs256';
import { FANOUT_ROLE, ROLES, SYSTEM_ROLE, type InternalRole, type Principal } from './access';

export const INTERNAL_ISSUER = 'dsg-gateway';
/** Long enough for one subgraph call (their deadline is 10 s), short enough to be useless if leaked. */
export const INTERNAL_TOKEN_TTL_SECONDS = 30;
export const INTERNAL_ALGORITHM = 'HS256';
/** HS256 wants at least 256 bits of key. */
export const MIN_SECRET_BYTES = 32;

/** A JWT is three base64url parts; anything longer than this is not a token anyone here issues. */
export const MAX_TOKEN_LENGTH = 8192;

/** The token of an `Authorization: Bearer <token>` header, or null when there is none or it is not one. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header ?? '');
  return match && match[1].length <= MAX_TOKEN_LENGTH ? match[1] : null;
}

export function secretKey(secret: string, what: string): Uint8Array {
  const key = new TextEncoder().encode(secret);
  if (key.length < MIN_SECRET_BYTES) throw new Error(`${what} must be at least ${MIN_SECRET_BYTES} bytes long`);
  return key;
}

/**
 * The secret as a KeyObject, made once per key: HMAC with a KeyObject skips importing the bytes
 * on every sign and every verify.
 */
const keyObjects = new WeakMap<Uint8Array, KeyObject>();
function keyObject(key: Uint8Array): KeyObject {
  let made = keyObjects.get(key);
  if (!made) keyObjects.set(key, (made = createSecretKey(key)));
  return made;
}

export interface InternalClaims {
  principal: Principal;
  /** The gateway's id of the client request, carried into the access log. */
  requestId: string;
}

export function signInternalToken(
  key: Uint8Array,
  audience: string,
  claims: InternalClaims,
  ttlSeconds = INTERNAL_TOKEN_TTL_SECONDS,
): Promise<string> {
  const { principal } = claims;
  const token = signHs256(
    keyObject(key),
    {
      roles: principal.roles,
      ...(principal.subjectId ? { subjectId: principal.subjectId } : {}),
      ...(principal.mentorId ? { mentorId: principal.mentorId } : {}),
      ...(principal.mentees ? { mentees: principal.mentees } : {}),
      ...(principal.childId ? { childId: principal.childId } : {}),
      rid: claims.requestId,
      iss: INTERNAL_ISSUER,
      aud: audience,
      sub: principal.sub,
    },
    ttlSeconds,
  );
  return Promise.resolve(token);
}

const INTERNAL_ROLES: readonly string[] = [...ROLES, SYSTEM_ROLE, FANOUT_ROLE];

const stringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

export class InternalTokenError extends Error {}

/** Verifies signature, issuer, audience and expiry; throws InternalTokenError with a safe reason. */
export async function verifyInternalToken(key: Uint8Array, audience: string, token: string): Promise<InternalClaims> {
  // The gateway's own tokens are checked by hs256.ts; anything else by jose, which says why it fails.
  let payload: JWTPayload | null = verifyOwnHs256(keyObject(key), token, INTERNAL_ISSUER, audience);
  if (!payload) {
    try {
      ({ payload } = await jwtVerify(token, keyObject(key), {
        issuer: INTERNAL_ISSUER,
        audience,
        algorithms: [INTERNAL_ALGORITHM],
      }));
    } catch (error) {
      throw new InternalTokenError(
        error instanceof joseErrors.JWTExpired ? 'internal token expired' : 'internal token invalid',
      );
    }
  }
  const { sub, roles, subjectId, mentorId, mentees, childId, rid } = payload;
  if (
    typeof sub !== 'string' ||
    !stringArray(roles) ||
    roles.length === 0 ||
    !roles.every((r) => INTERNAL_ROLES.includes(r)) ||
    typeof rid !== 'string'
  ) {
    throw new InternalTokenError('internal token claims invalid');
  }
  if (
    (subjectId !== undefined && typeof subjectId !== 'string') ||
    (mentorId !== undefined && typeof mentorId !== 'string') ||
    (childId !== undefined && typeof childId !== 'string') ||
    (mentees !== undefined && !stringArray(mentees))
  ) {
    throw new InternalTokenError('internal token claims invalid');
  }
  return {
    principal: { sub, roles: roles as InternalRole[], subjectId, mentorId, mentees, childId },
    requestId: rid,
  };
}
