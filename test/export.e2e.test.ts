import fs from 'node:fs';
import path from 'node:path';
import { demoId } from '../common/demo/random';
import { FEATURED_INDEX } from '../common/demo/plan';
import { exportQuery } from '../schema/supergraph';
import { startStack, type Stack } from './helpers/stack';

/**
 * The whole export of the first demo subject, as a privacy officer receives it. The expected
 * file was reviewed by hand against the seed; regenerate it only on purpose.
 */
const EXPECTED = JSON.parse(fs.readFileSync(path.join(__dirname, 'expected', 'elodie-export.json'), 'utf8')) as unknown;

describe('one query collects everything about a subject', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12 });
  });
  afterAll(() => stack.stop());

  it('returns the whole export from all five subgraphs, each called once', async () => {
    stack.resetCounters();
    const res = await stack.query(exportQuery(), { id: demoId('subject', FEATURED_INDEX.golden) });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual(EXPECTED);
    expect([...stack.gateway.calls].sort()).toEqual(['billing', 'profile', 'requests', 'sessions', 'support']);
    // The gateway names each subgraph fetch after the client's operation.
    expect(stack.subgraphs.profile.server.operations).toEqual([expect.stringMatching(/^SubjectExport__profile__\d+$/)]);
    for (const name of ['sessions', 'billing', 'support', 'requests'] as const) {
      expect(stack.subgraphs[name].server.operations).toEqual(['_entities']);
    }
  });

  it('round-trips names with emoji, CJK and right-to-left scripts, byte for byte', async () => {
    const ids = [FEATURED_INDEX.emojiCjk, FEATURED_INDEX.rtl, 10].map((i) => demoId('subject', i));
    const res = await stack.query<{ subjects: Array<{ fullName: string; billingAccount: { billingName: string } }> }>(
      `query($ids: [ID!]!) { subjects(ids: $ids) { fullName billingAccount { billingName } } }`,
      { ids },
    );
    const names = ['Zoé 🚀 山田花子', 'ليلى حداد', 'דוד כהן'];
    expect(res.data?.subjects.map((s) => s.fullName)).toEqual(names);
    // The copy held by billing went through another database and came back the same.
    expect(res.data?.subjects.map((s) => s.billingAccount.billingName)).toEqual(names);
    const stored = await stack.subgraphs.profile.server.db.dataSource.query(
      'SELECT full_name AS n FROM subject WHERE id = ?',
      [ids[0]],
    );
    expect(Buffer.from((stored as Array<{ n: string }>)[0].n, 'utf8').toString('hex')).toBe(
      Buffer.from(names[0], 'utf8').toString('hex'),
    );
  });

  it('holds the cases the policies care about', async () => {
    const q = `query($ids: [ID!]!) { subjects(ids: $ids) { fullName birthDate status lastLoginAt mentorAssignments { endsOn } connectionLogs { id } supportTickets { type disputed status } } }`;
    const order = [
      FEATURED_INDEX.minor,
      FEATURED_INDEX.disputedComplaint,
      FEATURED_INDEX.inactive37Months,
      FEATURED_INDEX.assignmentEnded,
      FEATURED_INDEX.manyConnectionLogs,
    ];
    type Row = {
      fullName: string;
      birthDate: string;
      status: string;
      lastLoginAt: string;
      mentorAssignments: Array<{ endsOn: string | null }>;
      connectionLogs: unknown[];
      supportTickets: Array<{ type: string; disputed: boolean; status: string }>;
    };
    const res = await stack.query<{ subjects: Row[] }>(q, { ids: order.map((i) => demoId('subject', i)) });
    expect(res.errors).toBeUndefined();
    const [minor, disputed, inactive, ended, logs] = res.data?.subjects ?? [];
    // A minor: under 16 on the reference date (both policies' thresholds: 16 and 18).
    expect(minor.birthDate > '2010-11-01').toBe(true);
    expect(disputed.supportTickets.filter((t) => t.disputed)).toEqual([
      { type: 'COMPLAINT', disputed: true, status: 'OPEN' },
    ]);
    expect(inactive).toMatchObject({ status: 'INACTIVE', lastLoginAt: '2023-10-01T00:00:00.000Z' });
    expect(ended.mentorAssignments.length).toBeGreaterThan(0);
    expect(ended.mentorAssignments.every((a) => a.endsOn !== null && a.endsOn < '2026-11-01')).toBe(true);
    expect(logs.connectionLogs).toHaveLength(300);
  });

  it('O1, O4, V2, V3, V4: the profile, the service history, contact messages with their coordinates, technical and usage data are all held and exported', async () => {
    type Subject = {
      email: string;
      fullName: string;
      phone: string | null;
      professional: { sector: string; companySize: string; jobTitle: string; yearsOfExperience: number } | null;
      evaluations: Array<{ rating: number; submittedAt: string }>;
      supportTickets: Array<{
        channel: string;
        contactEmail: string;
        messages: Array<{ body: string; sentAt: string }>;
      }>;
      connectionLogs: Array<{
        ip: string;
        userAgent: string;
        language: string;
        durationSeconds: number;
        pages: string[];
      }>;
      downloads: Array<{ resourceCode: string; resourceTitle: string; downloadedAt: string }>;
    };
    const q = `query($ids: [ID!]!) { subjects(ids: $ids) { email fullName phone
      professional { sector companySize jobTitle yearsOfExperience }
      evaluations { rating submittedAt }
      supportTickets { channel contactEmail messages { body sentAt } }
      connectionLogs { ip userAgent language durationSeconds pages }
      downloads { resourceCode resourceTitle downloadedAt } } }`;
    const ids = Array.from({ length: 12 }, (_, i) => demoId('subject', i));
    const res = await stack.query<{ subjects: Subject[] }>(q, { ids });
    expect(res.errors).toBeUndefined();
    const all = res.data!.subjects;
    // O1: name, professional email, phone and the four parts of the professional context.
    const golden = all[FEATURED_INDEX.golden];
    expect(golden.fullName).toBe('Élodie Dupré-Noël');
    expect(golden.email).toMatch(/@/);
    expect(golden.phone).toMatch(/^\+33/);
    expect(golden.professional).toEqual({
      sector: expect.any(String),
      companySize: expect.any(String),
      jobTitle: expect.any(String),
      yearsOfExperience: expect.any(Number),
    });
    // O4: evaluations and support conversations stay as the service's history.
    expect(all.some((s) => s.evaluations.length > 0)).toBe(true);
    // V2: a message from the web form or the phone is stored with the coordinates to answer it.
    const contact = all.flatMap((s) =>
      s.supportTickets.filter((t) => ['WEB_FORM', 'PHONE'].includes(t.channel)).map((t) => ({ s, t })),
    );
    expect(contact.length).toBeGreaterThan(0);
    for (const { s, t } of contact) {
      expect(t.contactEmail).toBe(s.email);
      expect(t.messages.length).toBeGreaterThan(0);
    }
    // V3: IP address, device and browser version (the user agent), language; V4: pages, durations, downloads.
    const logs = all.flatMap((s) => s.connectionLogs);
    expect(logs.length).toBeGreaterThan(0);
    for (const l of logs) {
      expect(l.ip).toMatch(/^[0-9a-f.:]+$/i);
      expect(l.userAgent).toMatch(/\(.+\).*\/\d+/);
      expect(l.language).toMatch(/^[a-z]{2}(-[A-Z]{2})?$/);
      expect(l.durationSeconds).toBeGreaterThanOrEqual(0);
      expect(l.pages.length).toBeGreaterThan(0);
    }
    const downloads = all.flatMap((s) => s.downloads);
    expect(downloads.length).toBeGreaterThan(0);
    expect(downloads[0]).toEqual({
      resourceCode: expect.any(String),
      resourceTitle: expect.any(String),
      downloadedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('V10: no column of any service’s database holds a card number, its expiry or its security code; a payment is kept as the provider’s reference and the amount', async () => {
    const columns: string[] = [];
    for (const [name, sub] of Object.entries(stack.subgraphs)) {
      const source = sub.server.db.dataSource;
      const rows: Array<{ t: string; c: string }> =
        stack.db.kind === 'sqlite'
          ? await source.query(
              "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'",
            )
          : await source.query(
              'SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE()',
            );
      columns.push(...rows.map((r) => `${name}.${r.t}.${r.c}`));
    }
    expect(columns.length).toBeGreaterThan(50);
    expect(columns.filter((c) => /card|\bpan\b|cvv|cvc|expir.*(month|year)|security_code/i.test(c))).toEqual([]);
    expect(columns).toEqual(
      expect.arrayContaining(['billing.payment.provider_payment_ref', 'billing.payment.amount_cents']),
    );
  });
});
