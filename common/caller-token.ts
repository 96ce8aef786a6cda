/**
 * Signing callers' tokens: what `npm run token`, the development tokens `npm start` prints and
 * the tests use. A real deployment gets its tokens from its identity provider instead; the
 * gateway only verifies (gateway/auth.ts).
 */
import { SignJWT, importPKCS8 } from 'jose';
import type { Role } from './access';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, signingKeyConfig } from './keys';
import { secretKey } from './internal-token';

export interface CallerClaims {
  sub: string;
  roles: Role[];
  subjectId?: string;
  mentorId?: string;
  /** With the guardian role: the child the guardian acts for. */
  childId?: string;
}

export interface SigningOptions {
  key: { kind: 'secret'; secret: string } | { kind: 'private-key'; pem: string };
  issuer?: string;
  audience?: string;
  /** Lifetime, in jose's notation ('8h', '15m'). */
  expiresIn?: string;
}

export async function signCallerToken(claims: CallerClaims, options: SigningOptions): Promise<string> {
  const alg = options.key.kind === 'secret' ? 'HS256' : 'RS256';
  const key =
    options.key.kind === 'secret'
      ? secretKey(options.key.secret, 'AUTH_JWT_SECRET')
      : await importPKCS8(options.key.pem, 'RS256');
  return new SignJWT({
    roles: claims.roles,
    ...(claims.subjectId ? { subjectId: claims.subjectId } : {}),
    ...(claims.mentorId ? { mentorId: claims.mentorId } : {}),
    ...(claims.childId ? { childId: claims.childId } : {}),
  })
    .setProtectedHeader({ alg, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer ?? DEFAULT_ISSUER)
    .setAudience(options.audience ?? DEFAULT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h')
    .sign(key);
}

/**
 * Signs with the key the environment configures (AUTH_JWT_SECRET, AUTH_JWT_PRIVATE_KEY_FILE, or
 * the development secret).
 */
export function signWithConfiguredKey(
  claims: CallerClaims,
  expiresIn?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return signCallerToken(claims, {
    key: signingKeyConfig(env),
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    expiresIn,
  });
}
