/**
 * The gateway's door: every GraphQL request carries `Authorization: Bearer <JWT>`, checked here
 * against the configured key (common/keys.ts), issuer and audience, with an expiry required.
 * What comes out is a Principal; nothing else of the request (no x-user-id, no x-role) counts.
 */
import type { GraphQLError } from 'graphql';
import { fail } from '../common/errors';
import { createLocalJWKSet, importSPKI, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Principal, type Role } from '../common/access';
import { bearerToken, secretKey } from '../common/internal-token';
import type { CallerAuthConfig } from '../common/keys';
import { isUuid } from '../common/validation';
import { VerifiedTokens } from './verified-tokens';

export type Authenticator = (authorization: string | undefined) => Promise<Principal>;

export function unauthenticated(message: string): GraphQLError {
  return fail('UNAUTHENTICATED', message, {
    http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) },
  });
}

const MAX_SUB_LENGTH = 200;
/** Distinct callers' tokens remembered once verified (gateway/verified-tokens.ts). */
export const VERIFIED_TOKENS = 1000;

/**
 * `now` is the clock a token's expiry is read against (tests move it; jose is given the same).
 */
export async function createAuthenticator(
  config: CallerAuthConfig,
  now: () => number = Date.now,
): Promise<Authenticator> {
  let key: Uint8Array | CryptoKey | JWTVerifyGetKey;
  let algorithms: string[];
  switch (config.key.kind) {
    case 'secret':
      key = secretKey(config.key.secret, 'AUTH_JWT_SECRET');
      algorithms = ['HS256'];
      break;
    case 'public-key':
      key = await importSPKI(config.key.pem, 'RS256');
      algorithms = ['RS256'];
      break;
    case 'jwks':
      key = createLocalJWKSet(config.key.jwks);
      algorithms = ['RS256'];
      break;
  }
  const verified = new VerifiedTokens(VERIFIED_TOKENS);

  return async (authorization) => {
    const token = bearerToken(authorization);
    if (!token)
      throw unauthenticated('Send a token: Authorization: Bearer <JWT> (npm run token makes one in development).');
    const at = now();
    const known = verified.get(token, at);
    if (known) return known;
    const options = {
      issuer: config.issuer,
      audience: config.audience,
      algorithms,
      requiredClaims: ['exp', 'sub'],
      currentDate: new Date(at),
    };
    let payload: JWTPayload;
    try {
      // jose's `key` overloads differ by key kind; each branch above satisfies one of them.
      ({ payload } =
        typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options));
    } catch (error) {
      const expired = error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED';
      throw unauthenticated(expired ? 'The token has expired.' : 'The token is not valid.');
    }
    // `exp` is required above, so it is a number of seconds here.
    return verified.remember(token, principalFromClaims(payload), (payload.exp ?? 0) * 1000);
  };
}

function principalFromClaims(payload: Record<string, unknown>): Principal {
  const { sub, roles, subjectId, mentorId, childId } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUB_LENGTH)
    throw unauthenticated('The token has no valid "sub" claim.');
  if (
    !Array.isArray(roles) ||
    roles.length === 0 ||
    !roles.every((r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r))
  ) {
    throw unauthenticated(`The token's "roles" claim must list one or more of: ${ROLES.join(', ')}.`);
  }
  const principal: Principal = { sub, roles: [...new Set(roles)] };
  if (roles.includes('subject')) {
    if (typeof subjectId !== 'string' || !isUuid(subjectId))
      throw unauthenticated('A token with the subject role needs a "subjectId" claim holding the subject\'s id.');
    principal.subjectId = subjectId.toLowerCase();
  }
  if (roles.includes('mentor')) {
    if (typeof mentorId !== 'string' || !isUuid(mentorId))
      throw unauthenticated('A token with the mentor role needs a "mentorId" claim holding the mentor\'s id.');
    principal.mentorId = mentorId.toLowerCase();
  }
  if (roles.includes('guardian')) {
    if (typeof childId !== 'string' || !isUuid(childId))
      throw unauthenticated('A token with the guardian role needs a "childId" claim holding the child\'s subject id.');
    principal.childId = childId.toLowerCase();
  }
  return principal;
}
