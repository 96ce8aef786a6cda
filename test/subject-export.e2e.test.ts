import fs from 'node:fs';
import path from 'node:path';
import { demoId } from '../common/demo/random';
import { FEATURED_INDEX } from '../common/demo/plan';
import { POLICIES } from '../policies';
import { ExportError, exportSubject } from '../scripts/export';
import { registerFile, registerJson, registerMarkdown } from '../scripts/register';
import type { ProcessingRecord } from '../schema/subject-export';
import { startStack, TEST_NOW, type Stack } from './helpers/stack';

const EXPECTED_DATA = (
  JSON.parse(fs.readFileSync(path.join(__dirname, 'expected', 'elodie-export.json'), 'utf8')) as { subject: unknown }
).subject;

describe('the subject export file (Art. 15 and Art. 20)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12 });
  });
  afterAll(() => stack.stop());

  const run = async (policy: keyof typeof POLICIES, who: { id?: string; email?: string }) =>
    exportSubject({
      gateway: stack.gatewayUrl,
      token: await stack.token({ roles: ['service'], sub: 'export-tool' }),
      policy: POLICIES[policy],
      now: TEST_NOW,
      ...who,
    });
  const record = (records: ProcessingRecord[], category: string) => records.find((r) => r.category === category);

  it('carries everything held, and per category the purposes, bases, recipients, source and retention of the configured policy', async () => {
    const file = await run('ophelantyra', { id: demoId('subject', FEATURED_INDEX.golden) });
    expect(file).toMatchObject({
      format: 'data-subject-export/1',
      subjectId: demoId('subject', 0),
      generatedAt: '2026-11-01T00:00:00.000Z',
      controller: { name: 'ophelantyra', policy: 'ophelantyra' },
      data: EXPECTED_DATA,
    });
    expect(record(file.processing, 'CONTACT')).toEqual({
      category: 'CONTACT',
      fields: [
        'BillingAccount.billingEmail',
        'BillingAccount.billingPhone',
        'DataSubject.email',
        'DataSubject.phone',
        'SupportTicket.contactEmail',
      ],
      purposes: ['BILLING', 'COMMUNICATION', 'SERVICE', 'SUPPORT'],
      legalBases: ['CONTRACT'],
      sources: ['SUBJECT'],
      recipients: ['EMAIL_PROVIDER', 'HOSTING_PROVIDER', 'PAYMENT_PROVIDER'],
      retention: [
        {
          rule: 'account',
          period: 'while the account is active',
          description: 'While the account is open; deleted within 30 days of closure.',
        },
        {
          rule: 'support',
          period: 'while the account is active',
          description: 'Kept as service history while the account is open.',
        },
      ],
    });
  });

  it('states each policy’s own periods: invoices 7 years (ophelantyra), 10 years (veloraqenvi); logs anonymised after 12 months (veloraqenvi)', async () => {
    const o = await run('ophelantyra', { id: demoId('subject', 0) });
    const v = await run('veloraqenvi', { id: demoId('subject', 0) });
    expect(record(o.processing, 'BILLING')?.retention).toContainEqual(
      expect.objectContaining({ rule: 'accounting', period: '7 years after collection' }),
    );
    expect(record(v.processing, 'BILLING')?.retention).toContainEqual(
      expect.objectContaining({ rule: 'accounting', period: '10 years after collection' }),
    );
    expect(record(v.processing, 'CONNECTION')?.retention).toEqual([
      expect.objectContaining({ period: '12 months after collection, then anonymised' }),
    ]);
    expect(record(o.processing, 'MENTORING')?.retention).toEqual([
      expect.objectContaining({ period: '6 months of inactivity, then anonymised' }),
    ]);
  });

  it('keeps in the portable part only what the subject provided on contract or consent', async () => {
    const file = await run('ophelantyra', { email: 'elodie.dupre-noel@example.fr' });
    const portable = file.portable as Record<string, unknown>;
    expect(portable).toMatchObject({
      fullName: 'Élodie Dupré-Noël',
      email: 'elodie.dupre-noel@example.fr',
      phone: '+33 6 73 99 47 56',
      locale: 'fr-FR',
    });
    expect(portable.professional).toEqual(EXPECTED_DATA && (EXPECTED_DATA as Record<string, unknown>).professional);
    const session = (portable.mentoringSessions as Array<Record<string, unknown>>)[0];
    expect(Object.keys(session).sort()).toEqual(['agreedActions', 'challenges', 'goals', 'id', 'scheduledAt']);
    // Observed, derived or kept by legal obligation: not portable.
    for (const field of [
      'id',
      'lastLoginAt',
      'createdAt',
      'status',
      'consents',
      'invoices',
      'payments',
      'connectionLogs',
      'evaluations',
    ]) {
      expect([field, field in portable]).toEqual([field, false]);
    }
  });

  it('answers clearly when the subject is unknown, the gateway is down, or a service does not answer', async () => {
    await expect(run('ophelantyra', { id: demoId('nobody', 1) })).rejects.toEqual(
      new ExportError('no subject has this id', 2),
    );
    await expect(run('ophelantyra', { email: 'nobody@example.org' })).rejects.toEqual(
      new ExportError('no subject has this email', 2),
    );
    await expect(run('ophelantyra', { email: 'not-an-email' })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('BAD_USER_INPUT'),
    });
    await expect(
      exportSubject({
        gateway: 'http://127.0.0.1:9/graphql',
        token: 'unused',
        policy: POLICIES.ophelantyra,
        id: demoId('subject', 0),
      }),
    ).rejects.toMatchObject({ exitCode: 3 });
    await stack.subgraphs.billing.listening.close();
    // A partial export is refused rather than handed over as if complete.
    await expect(run('ophelantyra', { id: demoId('subject', 0) })).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringContaining('SUBGRAPH_UNAVAILABLE'),
    });
  });
});

describe('the register of processing (Art. 30)', () => {
  it.each(Object.values(POLICIES).map((p) => [p.id, p] as const))(
    'docs/register-%s.md is what `npm run register` generates',
    (_id, policy) => {
      expect(fs.readFileSync(registerFile(policy.id), 'utf8')).toBe(registerMarkdown(policy));
    },
  );

  it.each(Object.values(POLICIES).map((p) => [p.id, p] as const))(
    'docs/register-%s.json is what `npm run register` generates, and says what the markdown says',
    (_id, policy) => {
      const text = fs.readFileSync(registerFile(policy.id, 'json'), 'utf8');
      expect(text).toBe(registerJson(policy));
      const json = JSON.parse(text) as { categories: ProcessingRecord[]; retentionRules: Array<{ rule: string }> };
      const markdown = registerMarkdown(policy);
      // Every category row of the markdown is a category of the JSON, with the same fields.
      const rows = markdown.split('\n').filter((l) => /^\| [A-Z_]+ \|/.test(l));
      expect(rows.map((r) => r.split(' | ')[0].slice(2))).toEqual(json.categories.map((c) => c.category));
      for (const c of json.categories) {
        const row = rows.find((r) => r.startsWith(`| ${c.category} |`))!;
        for (const f of c.fields) expect(row).toContain(`\`${f}\``);
      }
      for (const r of json.retentionRules) expect(markdown).toContain(`- **${r.rule}**`);
    },
  );
});

describe('the two policies as configured', () => {
  it('hold the deadlines, ages and periods their texts promise', () => {
    const { ophelantyra: o, veloraqenvi: v } = POLICIES;
    expect([
      o.deadlines.access,
      o.deadlines.erasure,
      o.minimumAge,
      o.retention.accounting.period,
      o.retention['session-data'].period,
    ]).toEqual(['P15D', 'P30D', 18, 'P7Y', 'P6M']);
    expect([
      v.deadlines.access,
      v.deadlines.default,
      v.minimumAge,
      v.retention.accounting.period,
      v.inactivity.warnAfter,
      v.inactivity.eraseAfterWarning,
    ]).toEqual(['P2D', 'P1M', 16, 'P10Y', 'P36M', 'P60D']);
    expect([v.retention['connection-logs'].period, v.retention['connection-logs'].then]).toEqual(['P12M', 'ANONYMISE']);
    expect(Object.fromEntries(Object.entries(v.supportRetentionByType).map(([t, r]) => [t, r?.period]))).toEqual({
      TECHNICAL_QUESTION: 'P24M',
      COMMERCIAL_REQUEST: 'P36M',
      COMPLAINT: 'P60M',
      IMPROVEMENT_SUGGESTION: 'P12M',
    });
    for (const p of [o, v]) expect(p.deadlines.maxExtension).toBe('P2M');
  });
});
