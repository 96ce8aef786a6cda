/**
 * Words a policy and the schema's privacy vocabulary (common/privacy.ts) share: who receives
 * data, and the retention rules a policy gives a period to. Here, because policies/ imports no
 * code of the services.
 */
export const RECIPIENTS = [
  'HOSTING_PROVIDER',
  'EMAIL_PROVIDER',
  'PAYMENT_PROVIDER',
  'MENTOR',
  'EMPLOYER',
  'AUTHORITIES',
] as const;
/** Retention rules: the configured policy (policies/) says how long each one lasts. */
export const RETENTION_KEYS = [
  'account',
  'session-data',
  'documents',
  'connection-logs',
  'accounting',
  'support',
  'dispute',
  'consent-proof',
  'rights-requests',
] as const;

export type Recipient = (typeof RECIPIENTS)[number];
export type RetentionKey = (typeof RETENTION_KEYS)[number];
