/**
 * The settings a service was given, as a support ticket may show them: secrets masked (a secret
 * given as a file shows the file's path, never its content), credentials in URLs masked, the
 * sender's address reduced to its domain. Only this project's variables, not the whole environment.
 */
import { SECRET_VARIABLES } from '../../common/secrets';

/** Shown even when unset: they say which database and which behaviour. */
const CORE = [
  'NODE_ENV',
  'DB',
  'DATA_DIR',
  'DB_PREFIX',
  'MYSQL_HOST',
  'MYSQL_PORT',
  'MYSQL_USER',
  'MYSQL_PASSWORD',
  'POLICY',
  'HOST',
  'PORT',
  'INTERNAL_TOKEN_SECRET',
  'AUTH_JWT_SECRET',
  'SMTP_URL',
  'REDIS_URL',
] as const;

/** Shown when set. */
const OTHERS =
  /^(SEED_|REQUESTS_(WORKER|RETRY|MAX|CALL|SYNC|STALLED)_|AUTH_|LIMIT_|RETENTION_|MAIL_|PACKAGE_|SHUTDOWN_|(PROFILE|SESSIONS|BILLING|SUPPORT|REQUESTS|GATEWAY|PUBLIC)_URL$|INTERNAL_TOKEN_|APOLLO_TELEMETRY_DISABLED$|DSG_TOKEN)/;

const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|PRIVATE_KEY)$/;

function isSecret(name: string): boolean {
  return (SECRET_VARIABLES as readonly string[]).includes(name) || SECRET_NAME.test(name);
}

/** scheme://***:***@host:port/path, the query left out: whatever a URL carries besides where it points. */
function maskUrl(url: URL): string {
  const credentials = url.username || url.password ? `${url.username ? '***' : ''}${url.password ? ':***' : ''}@` : '';
  return `${url.protocol}//${credentials}${url.host}${url.pathname === '/' ? '' : url.pathname}${url.search ? '?***' : ''}`;
}

function parsedUrl(value: string): URL | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** How one variable's value is shown. */
export function shown(name: string, value: string | undefined): string {
  if (value === undefined || value === '') return '(unset)';
  if (name.endsWith('_FILE')) return `${value} (file)`;
  const url = parsedUrl(value);
  if (isSecret(name)) return url ? `${maskUrl(url)} (masked)` : '*** (set, masked)';
  // "Name <local@domain>": a person's name and address, for all the ticket needs to know.
  if (name === 'MAIL_FROM') return `*** <***@${value.split('@').pop()?.replace(/>.*$/, '') ?? '?'}>`;
  if (url && (url.username || url.password || url.search)) return maskUrl(url);
  return value;
}

/** [name, shown value] for the core settings (and their _FILE forms when given), then every other one set. */
export function settings(env: NodeJS.ProcessEnv): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const name of CORE) {
    const file = `${name}_FILE`;
    if (env[file]) {
      lines.push([file, shown(file, env[file])]);
      seen.add(file);
    } else lines.push([name, shown(name, env[name])]);
    seen.add(name);
  }
  for (const name of Object.keys(env).sort())
    if (!seen.has(name) && OTHERS.test(name)) lines.push([name, shown(name, env[name])]);
  return lines;
}
