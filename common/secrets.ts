/**
 * Secrets from files as well as from variables. Every secret a service reads from the environment
 * may instead be given as `<NAME>_FILE`, the path of a file that holds it (Docker and Kubernetes
 * secrets are mounted as files, so the value never sits in `docker inspect` or a process listing).
 * Giving both is a start-up error: which one wins would otherwise be a guess. Errors name the
 * variable and, for a file, its path; never the value.
 */
import fs from 'node:fs';

/**
 * The secrets read from the environment: the database password, the two keys, the SMTP URL (it
 * may carry a user and password), the Redis URL (the same), and the token the CLIs send.
 * The key files (AUTH_JWT_PUBLIC_KEY_FILE, AUTH_JWKS_FILE, AUTH_JWT_PRIVATE_KEY_FILE) are files already.
 */
export const SECRET_VARIABLES = [
  'MYSQL_PASSWORD',
  'INTERNAL_TOKEN_SECRET',
  'AUTH_JWT_SECRET',
  'SMTP_URL',
  'REDIS_URL',
  'DSG_TOKEN',
] as const;
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

export class SecretConfigError extends Error {
  readonly code = 'SECRET_CONFIG';
}

/**
 * The value of `name`, from the variable or from the file `<name>_FILE` names; undefined when
 * neither is set. A file's one trailing newline is dropped (`echo secret > file` writes one);
 * anything else in it is the secret, spaces included.
 */
export function readSecret(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fileVariable = `${name}_FILE`;
  const value = env[name];
  const file = env[fileVariable];
  if (value !== undefined && value !== '' && file !== undefined && file !== '')
    throw new SecretConfigError(`Set ${name} or ${fileVariable}, not both`);
  if (file === undefined || file === '') return value;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new SecretConfigError(`${fileVariable} names a file that cannot be read: ${file}`);
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '') throw new SecretConfigError(`${fileVariable} names an empty file: ${file}`);
  return secret;
}

/**
 * Resolves every `<NAME>_FILE` of SECRET_VARIABLES into `<NAME>` in `env`, once, at the start of
 * a process: code that reads `env.SMTP_URL` (the mail settings, say) then sees the file's value
 * without knowing files exist. `_FILE` is removed afterwards, so a second call, or a child process
 * given this environment, does not find both set.
 */
export function resolveSecretFiles(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of SECRET_VARIABLES) {
    const fileVariable = `${name}_FILE`;
    if (env[fileVariable] === undefined) continue;
    const value = readSecret(name, env);
    delete env[fileVariable];
    if (value !== undefined) env[name] = value;
  }
}
