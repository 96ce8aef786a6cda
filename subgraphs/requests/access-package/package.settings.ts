import path from 'node:path';
import { positiveIntegerSettings } from '../../../common/config';
import { linkSettingsFromEnv, type LinkSettings } from './package.link';

/** Where access packages are kept and for how long (README, "The right of access"). */
export interface PackageSettings {
  /** A folder every replica of the `requests` service shares (a volume in docker-compose.yml). */
  dir: string;
  /** Days a package is served after it is ready; the daily sweep then deletes it. */
  ttlDays: number;
  /** Deadline of the export query the worker sends the gateway. */
  exportTimeoutMs: number;
  /** What the "your package is ready" message links to: the gateway's public address. */
  publicUrl: string;
  /** How the subject opens it in a browser: the signed link, or the organisation's sign-in. */
  link: LinkSettings;
}

const NUMBERS = { ttlDays: 'PACKAGE_TTL_DAYS', exportTimeoutMs: 'PACKAGE_EXPORT_TIMEOUT_MS' } as const;

export function packageSettingsFromEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env): PackageSettings {
  const numbers = positiveIntegerSettings(env, NUMBERS, { ttlDays: 7, exportTimeoutMs: 30_000 });
  return {
    dir: env.PACKAGE_DIR ?? path.join(dataDir, 'packages'),
    publicUrl: (env.PUBLIC_URL ?? 'http://localhost:4000').replace(/\/+$/, ''),
    link: linkSettingsFromEnv(env),
    ...numbers,
  };
}

/** The package's file: named by its request id (a UUID), nothing the subject wrote. */
export function packagePath(settings: Pick<PackageSettings, 'dir'>, requestId: string): string {
  return path.join(settings.dir, `${requestId}.zip`);
}

/**
 * Where the subject fetches it: through the gateway, in a browser with the signed link `token`
 * (none in signin mode: the page asks for the organisation's sign-in), or with a bearer token.
 */
export function packageLink(settings: Pick<PackageSettings, 'publicUrl'>, requestId: string, token?: string): string {
  return `${settings.publicUrl}/packages/${requestId}${token ? `?k=${token}` : ''}`;
}
