import path from 'node:path';
import { positiveIntegerSettings } from '../../../common/config';
import { LANGUAGES, type Language } from './templates/notice';

/** How the outbox is delivered: every value can be set from the environment (README, "Mail"). */
export interface MailSettings {
  /** `smtp://host:port` (or `smtps://user:pass@host`): send through that server. Unset: `.eml` files in `dir`. */
  smtpUrl: string | null;
  /** Where `.eml` files are written when there is no SMTP server: `DATA_DIR/mail`. */
  dir: string;
  /** The From of every message; its domain also names the Message-ID (`<outbox id@domain>`). */
  from: string;
  /** Where a FAILED request is told at once (DPO_EMAIL; default: the From address). */
  dpo: string;
  /** The language of a subject whose profile has no locale we write in. */
  defaultLanguage: Language;
  /** How often the delivery worker looks for messages due. */
  workerIntervalMs: number;
  /** First retry delay; doubled at each attempt up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A message that failed this many times is FAILED, for a dpo to see (and retry). */
  maxAttempts: number;
  /** Connection, greeting and socket timeout of one SMTP delivery. */
  sendTimeoutMs: number;
}

export const DEFAULT_MAIL: Omit<MailSettings, 'dir'> = {
  smtpUrl: null,
  from: 'Protection des données <dpo@localhost>',
  dpo: 'dpo@localhost',
  defaultLanguage: 'fr',
  workerIntervalMs: 1000,
  retryBaseMs: 2000,
  retryMaxMs: 300_000,
  maxAttempts: 10,
  sendTimeoutMs: 10_000,
};

const NUMBERS = {
  workerIntervalMs: 'MAIL_WORKER_INTERVAL_MS',
  retryBaseMs: 'MAIL_RETRY_BASE_MS',
  retryMaxMs: 'MAIL_RETRY_MAX_MS',
  maxAttempts: 'MAIL_MAX_ATTEMPTS',
  sendTimeoutMs: 'MAIL_SEND_TIMEOUT_MS',
} as const;

/** `dataDir`: the service's DATA_DIR (where `npm start` keeps its SQLite files). */
export function mailSettingsFromEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env): MailSettings {
  const settings: MailSettings = {
    ...DEFAULT_MAIL,
    ...positiveIntegerSettings<keyof typeof NUMBERS>(env, NUMBERS, DEFAULT_MAIL),
    dir: path.join(path.resolve(dataDir), 'mail'),
  };
  const smtp = env.SMTP_URL?.trim();
  if (smtp) {
    if (!/^smtps?:\/\/[^\s/]+/.test(smtp)) throw new Error('SMTP_URL must look like smtp://host:port or smtps://host');
    settings.smtpUrl = smtp;
  }
  if (env.MAIL_FROM?.trim()) {
    if (!/@[^\s@>]+>?$/.test(env.MAIL_FROM.trim())) throw new Error('MAIL_FROM must be an address: Name <a@b.org>');
    settings.from = env.MAIL_FROM.trim();
  }
  settings.dpo = /<([^\s<>]+@[^\s<>]+)>/.exec(settings.from)?.[1] ?? settings.from;
  const dpo = env.DPO_EMAIL?.trim();
  if (dpo) {
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(dpo)) throw new Error('DPO_EMAIL must be an address: dpo@example.org');
    settings.dpo = dpo;
  }
  const language = env.MAIL_DEFAULT_LANGUAGE?.trim().toLowerCase();
  if (language) {
    if (!(LANGUAGES as readonly string[]).includes(language))
      throw new Error(`MAIL_DEFAULT_LANGUAGE must be one of ${LANGUAGES.join(', ')}`);
    settings.defaultLanguage = language as Language;
  }
  return settings;
}

/** The domain of the From address: Message-IDs are `<outbox id@domain>`. */
export function mailDomain(from: string): string {
  return /@([^\s@>]+)>?$/.exec(from)?.[1] ?? 'localhost';
}

/** One line for logs and `npm start`: where mail goes, without credentials. */
export function describeMail(settings: MailSettings): string {
  if (!settings.smtpUrl) return `written as .eml files under ${settings.dir} (set SMTP_URL to send it)`;
  const url = new URL(settings.smtpUrl);
  return `sent through ${url.protocol}//${url.host}`;
}
