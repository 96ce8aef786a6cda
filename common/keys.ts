/**
 * Where the keys come from. Two different keys, for two different trusts:
 * - the caller's token (a bearer JWT checked by the gateway): HS256 with AUTH_JWT_SECRET, or
 *   RS256 with AUTH_JWT_PUBLIC_KEY_FILE (PEM) or AUTH_JWKS_FILE (a JSON key set);
 * - the internal token (gateway to subgraphs): HS256 with INTERNAL_TOKEN_SECRET.
 * In development, missing secrets are generated once into DATA_DIR/dev-secrets.json (never
 * committed), so `npm start` and `npm run token` agree across restarts without anyone choosing
 * a secret. In production nothing is generated: a missing key stops the service at start.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { isProduction } from './config';
import { MIN_SECRET_BYTES } from './internal-token';
import { readSecret } from './secrets';

export const DEFAULT_ISSUER = 'data-subject-gateway';
export const DEFAULT_AUDIENCE = 'data-subject-gateway';

export type CallerKey =
  { kind: 'secret'; secret: string } | { kind: 'public-key'; pem: string } | { kind: 'jwks'; jwks: JSONWebKeySet };

export interface CallerAuthConfig {
  key: CallerKey;
  issuer: string;
  audience: string;
}

interface DevSecrets {
  authJwtSecret: string;
  internalTokenSecret: string;
}

export class KeyConfigError extends Error {}

const DEV_SECRETS_FILE = 'dev-secrets.json';

function devSecrets(env: NodeJS.ProcessEnv): DevSecrets {
  const dir = path.resolve(env.DATA_DIR ?? 'data');
  const file = path.join(dir, DEV_SECRETS_FILE);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as DevSecrets;
  const secrets: DevSecrets = {
    authJwtSecret: randomBytes(MIN_SECRET_BYTES).toString('base64url'),
    internalTokenSecret: randomBytes(MIN_SECRET_BYTES).toString('base64url'),
  };
  fs.mkdirSync(dir, { recursive: true });
  // 'wx': two processes starting together must not both write; the loser reads the winner's.
  try {
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  } catch {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as DevSecrets;
  }
  return secrets;
}

/** The environment keys are read from: production by option as well as by NODE_ENV never generates secrets. */
export function keyEnv(productionOption: boolean, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return productionOption ? { ...env, NODE_ENV: 'production' } : env;
}

function readFile(file: string, variable: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new KeyConfigError(`${variable} names a file that cannot be read: ${file}`);
  }
}

/** The secret the gateway signs internal tokens with and every subgraph checks them with. */
export function internalTokenSecret(env: NodeJS.ProcessEnv = process.env): string {
  const secret = readSecret('INTERNAL_TOKEN_SECRET', env);
  if (secret) return secret;
  if (isProduction(env)) throw new KeyConfigError('INTERNAL_TOKEN_SECRET is required with NODE_ENV=production');
  return devSecrets(env).internalTokenSecret;
}

/** How the gateway checks callers' tokens. */
export function callerAuthConfig(env: NodeJS.ProcessEnv = process.env): CallerAuthConfig {
  const jwtSecret = readSecret('AUTH_JWT_SECRET', env);
  const given = [
    jwtSecret && 'AUTH_JWT_SECRET',
    env.AUTH_JWT_PUBLIC_KEY_FILE && 'AUTH_JWT_PUBLIC_KEY_FILE',
    env.AUTH_JWKS_FILE && 'AUTH_JWKS_FILE',
  ].filter(Boolean);
  if (given.length > 1)
    throw new KeyConfigError(
      `Set one of AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY_FILE, AUTH_JWKS_FILE, not ${given.join(' and ')}`,
    );
  let key: CallerKey;
  if (env.AUTH_JWT_PUBLIC_KEY_FILE)
    key = { kind: 'public-key', pem: readFile(env.AUTH_JWT_PUBLIC_KEY_FILE, 'AUTH_JWT_PUBLIC_KEY_FILE') };
  else if (env.AUTH_JWKS_FILE) {
    const text = readFile(env.AUTH_JWKS_FILE, 'AUTH_JWKS_FILE');
    let jwks: JSONWebKeySet;
    try {
      jwks = JSON.parse(text) as JSONWebKeySet;
    } catch {
      throw new KeyConfigError('AUTH_JWKS_FILE is not JSON');
    }
    if (!Array.isArray(jwks.keys) || jwks.keys.length === 0)
      throw new KeyConfigError('AUTH_JWKS_FILE holds no key ("keys" is empty)');
    key = { kind: 'jwks', jwks };
  } else if (jwtSecret) key = { kind: 'secret', secret: jwtSecret };
  else if (isProduction(env))
    throw new KeyConfigError(
      'The gateway needs a key with NODE_ENV=production: set AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY_FILE or AUTH_JWKS_FILE',
    );
  else key = { kind: 'secret', secret: devSecrets(env).authJwtSecret };
  return { key, issuer: env.AUTH_ISSUER ?? DEFAULT_ISSUER, audience: env.AUTH_AUDIENCE ?? DEFAULT_AUDIENCE };
}

/** What `npm run token` signs with: the HS256 secret, or the RS256 private key matching the public one. */
export function signingKeyConfig(
  env: NodeJS.ProcessEnv = process.env,
): { kind: 'secret'; secret: string } | { kind: 'private-key'; pem: string } {
  if (env.AUTH_JWT_PRIVATE_KEY_FILE)
    return { kind: 'private-key', pem: readFile(env.AUTH_JWT_PRIVATE_KEY_FILE, 'AUTH_JWT_PRIVATE_KEY_FILE') };
  const caller = callerAuthConfig(env);
  if (caller.key.kind !== 'secret')
    throw new KeyConfigError(
      'Tokens for an RS256 gateway are signed with the private key: set AUTH_JWT_PRIVATE_KEY_FILE',
    );
  return caller.key;
}
