import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dbConfigFromEnv } from '../../common/config';
import { callerAuthConfig, internalTokenSecret } from '../../common/keys';
import { SECRET_VARIABLES, SecretConfigError, readSecret, resolveSecretFiles } from '../../common/secrets';

/** Secrets from files as well as from variables (common/secrets.ts). */

describe('a secret from a variable or from <NAME>_FILE', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-secrets-'));
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the variable, else the file without its one trailing newline, else nothing', () => {
    expect(readSecret('MYSQL_PASSWORD', { MYSQL_PASSWORD: 'from-var' })).toBe('from-var');
    expect(readSecret('MYSQL_PASSWORD', { MYSQL_PASSWORD_FILE: file('a', 'from file \n') })).toBe('from file ');
    expect(readSecret('MYSQL_PASSWORD', { MYSQL_PASSWORD_FILE: file('b', 'two\nlines\r\n') })).toBe('two\nlines');
    expect(readSecret('MYSQL_PASSWORD', {})).toBeUndefined();
  });

  it('refuses both at once, naming the variable and never the value', () => {
    const read = () =>
      readSecret('AUTH_JWT_SECRET', { AUTH_JWT_SECRET: 'value-Xq7', AUTH_JWT_SECRET_FILE: file('c', 'k') });
    expect(read).toThrow(SecretConfigError);
    expect(read).toThrow('Set AUTH_JWT_SECRET or AUTH_JWT_SECRET_FILE, not both');
    try {
      read();
    } catch (e) {
      expect(String(e)).not.toContain('value-Xq7');
      expect((e as SecretConfigError).code).toBe('SECRET_CONFIG');
    }
  });

  it('refuses a file that cannot be read, or is empty, naming the variable and the path', () => {
    const missing = path.join(dir, 'missing');
    expect(() => readSecret('SMTP_URL', { SMTP_URL_FILE: missing })).toThrow(
      `SMTP_URL_FILE names a file that cannot be read: ${missing}`,
    );
    const empty = file('empty', '\n');
    expect(() => readSecret('SMTP_URL', { SMTP_URL_FILE: empty })).toThrow(
      `SMTP_URL_FILE names an empty file: ${empty}`,
    );
  });

  it('resolveSecretFiles puts each file into its variable and removes the _FILE, so nothing sees both', () => {
    const env: NodeJS.ProcessEnv = { SMTP_URL_FILE: file('smtp', 'smtp://u:p@mail:25\n'), DB: 'sqlite' };
    resolveSecretFiles(env);
    expect(env).toEqual({ SMTP_URL: 'smtp://u:p@mail:25', DB: 'sqlite' });
    resolveSecretFiles(env);
    expect(env.SMTP_URL).toBe('smtp://u:p@mail:25');
  });

  it('covers the database password, both keys, the SMTP and Redis URLs and the CLI token', () => {
    expect([...SECRET_VARIABLES].sort()).toEqual(
      ['AUTH_JWT_SECRET', 'DSG_TOKEN', 'INTERNAL_TOKEN_SECRET', 'MYSQL_PASSWORD', 'REDIS_URL', 'SMTP_URL'].sort(),
    );
  });

  it('is what the settings read: MYSQL_PASSWORD_FILE, INTERNAL_TOKEN_SECRET_FILE, AUTH_JWT_SECRET_FILE', () => {
    expect(dbConfigFromEnv({ DB: 'mysql', MYSQL_PASSWORD_FILE: file('db', 'pw\n') }).mysql.password).toBe('pw');
    const key = 'k'.repeat(40);
    expect(internalTokenSecret({ NODE_ENV: 'production', INTERNAL_TOKEN_SECRET_FILE: file('it', key) })).toBe(key);
    expect(callerAuthConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET_FILE: file('jwt', key) }).key).toEqual({
      kind: 'secret',
      secret: key,
    });
  });
});
