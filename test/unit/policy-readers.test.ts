import fs from 'node:fs';
import path from 'node:path';
import { POLICIES } from '../../policies';

/**
 * Every setting of a policy file is read by code that acts on it (issue: « configuration that
 * acts or goes »). Each leaf key path of both policies must match a row below, and each row
 * names the file and the code that reads it, checked to be there. A key added without a reader,
 * or a reader removed, fails here. A table rather than a proxy recording reads while the real
 * paths run: the readers are a sweep, a mail, a resolver, a CLI, which no single unit test runs,
 * and the table says where each setting acts, for whoever edits a policy.
 */
const ROOT = path.resolve(__dirname, '../..');
type Reader = [pattern: RegExp, file: string, code: string];

const REQUESTS = 'subgraphs/requests';
const READERS: Reader[] = [
  [/^accessReview$/, `${REQUESTS}/access-package/package.builder.ts`, 'this.policy.accessReview === true'],
  [/^id$/, 'scripts/register.ts', 'policy.id'],
  [/^controller\.name$/, `${REQUESTS}/mail/notices.ts`, 'organisation: policy.controller.name'],
  [/^controller\.contact$/, `${REQUESTS}/mail/notices.ts`, 'contact: policy.controller.contact'],
  [/^controller\.address$/, 'scripts/register.ts', 'policy.controller.address'],
  [/^controller\.activity$/, 'scripts/register.ts', 'policy.controller.activity'],
  [/^effectiveDate$/, `${REQUESTS}/retention/retention.resolver.ts`, 'date < inForce'],
  [/^deadlines\.default$/, `${REQUESTS}/ledger/deadlines.ts`, 'd.default'],
  [/^deadlines\.access$/, `${REQUESTS}/ledger/deadlines.ts`, 'd.access'],
  [/^deadlines\.portability$/, `${REQUESTS}/ledger/deadlines.ts`, 'd.portability'],
  [/^deadlines\.erasure$/, `${REQUESTS}/ledger/deadlines.ts`, 'd.erasure'],
  [/^deadlines\.rectification$/, `${REQUESTS}/ledger/deadlines.ts`, 'd.rectification'],
  [/^deadlines\.maxExtension$/, `${REQUESTS}/ledger/deadlines.ts`, 'policy.deadlines.maxExtension'],
  [/^minimumAge$/, 'subgraphs/profile/minors.ts', 'policy.minimumAge'],
  // Each retention rule: the sweep that applies its period, or the fields it classifies (kept
  // while the account is open, erased with it, told in the package)...
  [/^retention\.account\./, 'subgraphs/profile/types/subject.type.ts', "retention: 'account'"],
  [/^retention\.session-data\./, 'subgraphs/sessions/sessions.retention.ts', "ruleCutoff(run.policy, 'session-data'"],
  [/^retention\.documents\./, 'subgraphs/sessions/types/shared-document.type.ts', "retention: 'documents'"],
  [
    /^retention\.connection-logs\./,
    'subgraphs/sessions/sessions.retention.ts',
    "ruleCutoff(run.policy, 'connection-logs'",
  ],
  [/^retention\.accounting\./, 'subgraphs/billing/billing.retention.ts', "const rule = 'accounting'"],
  [/^retention\.support\./, 'subgraphs/support/support.retention.ts', "ruleCutoff(run.policy, 'support'"],
  [/^retention\.dispute\./, 'subgraphs/support/support.retention.ts', "ruleCutoff(run.policy, 'dispute'"],
  [/^retention\.consent-proof\./, 'subgraphs/profile/types/consent.type.ts', "retention: 'consent-proof'"],
  [
    /^retention\.rights-requests\./,
    `${REQUESTS}/retention/own-records.retention.ts`,
    "ruleCutoff(run.policy, 'rights-requests'",
  ],
  [/^supportRetentionByType\./, 'subgraphs/support/support.retention.ts', 'run.policy.supportRetentionByType'],
  [/^records\.access-log\./, `${REQUESTS}/retention/own-records.retention.ts`, "ruleCutoff(run.policy, 'access-log'"],
  [/^records\.outbox\./, `${REQUESTS}/retention/own-records.retention.ts`, "ruleCutoff(run.policy, 'outbox'"],
  [/^records\.audit-log\./, `${REQUESTS}/retention/own-records.retention.ts`, "'audit-log'"],
  [
    /^records\.erased-subject-leftovers\./,
    `${REQUESTS}/retention/own-records.retention.ts`,
    "'erased-subject-leftovers'",
  ],
  [/^records\.access-packages\./, `${REQUESTS}/retention/own-records.retention.ts`, "'access-packages'"],
  [
    /^records\.idempotency-keys\./,
    `${REQUESTS}/retention/own-records.retention.ts`,
    "ruleCutoff(run.policy, 'idempotency-keys'",
  ],
  // ...and what every rule carries: when it starts, what then, its words in receipts and packages.
  [/\.from$/, 'subgraphs/support/support.retention.ts', 'FROM_COLUMN[rule.from]'],
  [/\.then$/, 'subgraphs/sessions/sessions.retention.ts', ".then === 'ANONYMISE'"],
  [/\.description$/, 'common/privacy-contract/retention.rules.ts', 'rule.description'],
  [/\.quote$/, 'common/privacy-contract/retention.rules.ts', 'rule.quote'],
  [/^closure\.eraseAfter$/, `${REQUESTS}/lifecycle/closure.ts`, 'deps.policy.closure.eraseAfter'],
  [/^closure\.quote$/, 'scripts/register.ts', 'policy.closure.quote'],
  [/^minors\.consentDelay$/, `${REQUESTS}/lifecycle/minors.ts`, 'deps.policy.minors'],
  [/^inactivity\.(warnAfter|eraseAfterWarning)$/, `${REQUESTS}/lifecycle/inactivity.ts`, 'deps.policy.inactivity'],
  [/^consentRequiredFor$/, 'subgraphs/profile/privacy.resolver.ts', 'ctx.policy.consentRequiredFor'],
  [/^supervisoryAuthority$/, `${REQUESTS}/mail/notices.ts`, 'policy.supervisoryAuthority'],
];

/** Every leaf key path of a value: a.b.c for objects, the array itself as one leaf. */
function leaves(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/** The rows a key path needs: its own, and for a rule's field the row of that field too. */
const readersOf = (key: string) => READERS.filter(([pattern]) => pattern.test(key));

describe('every setting of a policy file is read by code that acts on it', () => {
  it.each(Object.keys(POLICIES))('%s: each leaf key has a reader', (id) => {
    const keys = leaves(POLICIES[id as keyof typeof POLICIES]);
    expect(keys.length).toBeGreaterThan(50);
    const unread = keys.filter((k) => readersOf(k).length === 0);
    expect(unread).toEqual([]);
  });

  it('each reader is where the table says, in the code (not a comment of the policy file)', () => {
    for (const [pattern, file, code] of READERS) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      if (!text.includes(code)) throw new Error(`${pattern} : ${file} no longer reads it (${code})`);
    }
  });

  it('a key nothing reads is caught: a made-up setting has no row', () => {
    expect(readersOf('inactivity.anonymiseSessionDataAfter')).toEqual([]);
    expect(readersOf('staffAccess.mentor')).toEqual([]);
  });
});
