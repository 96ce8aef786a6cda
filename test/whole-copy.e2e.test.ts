import { DPO_IDENTITY } from './helpers/rights';
import { demoId } from '../common/demo/random';
import { FEATURED_INDEX } from '../common/demo/plan';
import { POLICIES } from '../policies';
import { processingFile } from '../schema/access-package/processing';
import { supergraphSchema } from '../schema/supergraph';
import { verifyManifest } from '../schema/access-package';
import { openPackage, unzip, type Obj, type OpenedPackage } from './helpers/access-package';
import { setEnv } from './helpers/env';
import { HELD_REQUEST_FIELDS, placeHold } from './helpers/holds';
import { waitForStatus } from './helpers/rights';
import { startStack, type As, type Stack } from './helpers/stack';

const ENV: Record<string, string | undefined> = {
  REQUESTS_WORKER_INTERVAL_MS: '100',
  REQUESTS_RETRY_BASE_MS: '200',
  REQUESTS_RETRY_MAX_MS: '1000',
  REQUESTS_SYNC_WAIT_MS: '1000',
  RETENTION_SCHEDULE: 'off',
};

describe('the whole copy: the package holds what the requests service keeps about the subject', () => {
  let stack: Stack;
  let restoreEnv: () => void;

  beforeAll(async () => {
    restoreEnv = setEnv(ENV);
    stack = await startStack({ subjects: 12 });
  });
  afterAll(async () => {
    await stack.stop();
    restoreEnv();
  });

  /** Asks for an access package as the subject, waits for the worker, downloads it through the gateway. */
  const packageOf = async (subjectId: string): Promise<OpenedPackage> => {
    const asSubject: As = { role: 'subject', subjectId };
    const res = await stack.query<{ requestExport: { id: string } }>(
      'mutation($input: RequestExportInput!) { requestExport(input: $input) { id } }',
      { input: { subjectId } },
      asSubject,
    );
    expect(res.errors).toBeUndefined();
    const id = res.data!.requestExport.id;
    await waitForStatus(stack, id, ['COMPLETED']);
    const token = await stack.token({ roles: ['subject'], subjectId });
    const got = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/packages/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(got.status).toBe(200);
    const body = Buffer.from(await got.arrayBuffer());
    return openPackage(body, await unzip(body));
  };

  /** An erased subject cannot sign in: a dpo asks for their copy, with how the identity was checked. */
  const erasedPackageOf = async (
    subjectId: string,
    identityVerification: { method: string; evidenceRef: string } = DPO_IDENTITY,
  ): Promise<{ id: string; pkg: OpenedPackage }> => {
    const res = await stack.query<{ requestExport: { id: string } }>(
      'mutation($input: RequestExportInput!) { requestExport(input: $input) { id } }',
      { input: { subjectId, identityVerification } },
    );
    expect(res.errors).toBeUndefined();
    const id = res.data!.requestExport.id;
    await waitForStatus(stack, id, ['COMPLETED']);
    const token = await stack.token({ roles: ['dpo'] });
    const got = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/packages/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(got.status).toBe(200);
    const body = Buffer.from(await got.arrayBuffer());
    return { id, pkg: openPackage(body, await unzip(body)) };
  };

  it('O9, V11: a subject read by staff, mailed and held gets a package holding each record (a confidential hold as a count)', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.oneEach);
    // Read by a support agent.
    const read = await stack.query(
      'query($id: ID!) { subject(id: $id) { fullName email } }',
      { id: subjectId },
      {
        role: 'support',
        sub: 'agent-claire',
      },
    );
    expect(read.errors).toBeUndefined();
    // Held twice; the second marked confidential by a dpo, with its legal reason.
    const shown = await placeHold(stack, { subjectId, reason: 'Litige sur la facture de mars' });
    const secret = await placeHold(stack, { subjectId, reason: 'Enquête pénale en cours' });
    expect([shown.errors, secret.errors]).toEqual([undefined, undefined]);
    const marked = await stack.query<{ markLegalHoldConfidential: { id: string } }>(
      'mutation($id: ID!, $r: String!) { markLegalHoldConfidential(id: $id, legalReason: $r) { id } }',
      { id: secret.data!.hold.id, r: 'Art. 23 RGPD : secret de l’enquête' },
    );
    expect(marked.errors).toBeUndefined();
    // Mailed: a first package, announced by mail.
    await packageOf(subjectId);

    const pkg = await packageOf(subjectId);
    const records = JSON.parse(pkg.files.get('records.json')!.toString('utf8')) as Obj;
    // Who of the staff read what, when.
    const log = records.accessLog as Obj[];
    expect(log).toEqual(
      expect.arrayContaining([
        { at: expect.any(String), who: 'agent-claire', roles: ['support'], fields: ['email', 'fullName'] },
      ]),
    );
    // The messages written to them: kind, subject line, dates; never an address.
    const messages = records.messagesSent as Obj[];
    expect(messages.map((m) => m.kind)).toEqual(['REQUEST_RECEIVED', 'PACKAGE_READY', 'REQUEST_RECEIVED']);
    expect(messages[1]).toMatchObject({ language: 'fr', subjectLine: 'Vos données sont prêtes à être téléchargées' });
    for (const m of messages)
      expect(Object.keys(m).sort()).toEqual(['kind', 'language', 'sentAt', 'subjectLine', 'writtenAt']);
    // Their holds: the ordinary one in full, the confidential one as a count, and nowhere its reason.
    expect((records.legalHolds as Obj[]).map((h) => h.reason)).toEqual(['Litige sur la facture de mars']);
    expect(records.confidentialLegalHolds).toBe(1);
    for (const file of pkg.files.values()) expect(file.toString('utf8')).not.toContain('Enquête pénale');
    // Their requests, with how the identity was checked and how each ended.
    const ledger = pkg.data.subgraphs.requests.RIGHTS_REQUEST.requests as Obj[];
    expect(ledger.map((r) => [r.type, r.status, r.identityVerification])).toEqual(
      expect.arrayContaining([['ACCESS', 'COMPLETED', expect.objectContaining({ method: 'SUBJECT_TOKEN' })]]),
    );
    expect(ledger.filter((r) => r.type === 'LEGAL_HOLD')).toHaveLength(1);
    // Art. 15: each of those categories has its processing entry; the manifest covers the file.
    const categories = pkg.processing.categories.map((c) => c.category);
    expect(categories).toEqual(expect.arrayContaining(['USAGE', 'CONTACT', 'RIGHTS_REQUEST']));
    expect(verifyManifest(pkg.manifest, pkg.files)).toEqual([]);
  });

  it('O9: a portable package (Art. 20) holds no records.json', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.rtl);
    const res = await stack.query<{ requestExport: { id: string } }>(
      'mutation($input: RequestExportInput!) { requestExport(input: $input) { id } }',
      { input: { subjectId, portable: true } },
      { role: 'subject', subjectId },
    );
    expect(res.errors).toBeUndefined();
    await waitForStatus(stack, res.data!.requestExport.id, ['COMPLETED']);
    const token = await stack.token({ roles: ['subject'], subjectId });
    const got = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/packages/${res.data!.requestExport.id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const files = await unzip(Buffer.from(await got.arrayBuffer()));
    expect([...files.keys()]).not.toContain('records.json');
  });

  it('O9, V11: marking a hold confidential needs a dpo and a legal reason', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.rtl);
    const hold = await placeHold(stack, { subjectId, reason: 'Litige' });
    const mark = (r: string, as?: As) =>
      stack.query(
        'mutation($id: ID!, $r: String!) { markLegalHoldConfidential(id: $id, legalReason: $r) { id } }',
        { id: hold.data!.hold.id, r },
        as,
      );
    expect((await mark('  ')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await mark('Art. 23', { role: 'support' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('O9, V11, V14: an erased subject whose identity a dpo checked against what is kept gets a package of exactly what the law keeps, with grounds and end dates', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.disputedComplaint);
    const before = await stack.query<{ subject: { invoices: Obj[]; billingAccount: Obj } }>(
      'query($id: ID!) { subject(id: $id) { invoices { id number } billingAccount { billingName addressLine } } }',
      { id: subjectId },
    );
    const invoices = before.data!.subject.invoices;
    expect(invoices.length).toBeGreaterThan(0);
    const erased = await stack.query<{ eraseSubject: { status: string } }>(
      'mutation($input: EraseSubjectInput!) { eraseSubject(input: $input) { status } }',
      { input: { subjectId, identityVerification: DPO_IDENTITY } },
    );
    expect(erased.data?.eraseSubject.status).toBe('COMPLETED');

    const { id, pkg } = await erasedPackageOf(subjectId, {
      method: 'POST',
      evidenceRef: `letter with invoice ${invoices[0].number as string} and the billing address`,
    });
    expect(verifyManifest(pkg.manifest, pkg.files)).toEqual([]);
    // What the law keeps: the billing name and address, the invoices; nothing of the profile.
    const billing = pkg.data.subgraphs.billing.BILLING;
    expect(billing.billingAccount).toMatchObject(before.data!.subject.billingAccount);
    expect((billing.invoices as Obj[]).map((i) => i.id)).toEqual(invoices.map((i) => i.id));
    expect(pkg.data.subgraphs.profile.IDENTITY?.fullName ?? null).toBeNull();
    expect(pkg.data.subgraphs.profile.CONTACT?.email ?? null).toBeNull();
    // With their grounds and end dates: the erasure's receipt, in the subject's requests.
    const ledger = pkg.data.subgraphs.requests.RIGHTS_REQUEST.requests as Obj[];
    const erasure = ledger.find((r) => r.type === 'ERASURE') as {
      legs: Array<{ subgraph: string; receipt: { entities: Array<{ entity: string; retained: Obj[] }> } }>;
    };
    const kept = erasure.legs
      .find((l) => l.subgraph === 'billing')!
      .receipt.entities.find((e) => e.entity === 'Invoice')!;
    expect(kept.retained.map((r) => r.id).sort()).toEqual(invoices.map((i) => i.id).sort());
    for (const r of kept.retained)
      expect(r).toMatchObject({ ground: expect.stringMatching(/^ART_17_3/), until: expect.any(String) });
    expect(ledger.find((r) => r.id === id)).toMatchObject({ identityVerification: { method: 'POST' } });
  });

  it('O9, V11: an erasure that kept records for a confidential hold does not name its reason in the subject’s package; a dpo still reads it', async () => {
    const subjectId = demoId('subject', 11);
    const secretReason = 'Réquisition du parquet 2026-77';
    const held = await placeHold(stack, { subjectId, reason: secretReason });
    expect(held.errors).toBeUndefined();
    const marked = await stack.query(
      'mutation($id: ID!, $r: String!) { markLegalHoldConfidential(id: $id, legalReason: $r) { id } }',
      { id: held.data!.hold.id, r: 'Art. 23 RGPD : secret de l’enquête' },
    );
    expect(marked.errors).toBeUndefined();
    const erased = await stack.query<{ eraseSubject: { id: string; status: string } }>(
      'mutation($input: EraseSubjectInput!) { eraseSubject(input: $input) { id status } }',
      { input: { subjectId, identityVerification: DPO_IDENTITY } },
    );
    expect(erased.errors).toBeUndefined();
    const erasure = await waitForStatus(stack, erased.data!.eraseSubject.id, ['COMPLETED']);
    // The dpo's view of the erasure names the hold and its reason on what it kept.
    const dpoView = await stack.query<{ dataSubjectRequest: { legs: Array<{ receipt: unknown }> } }>(
      `query($id: ID!) { dataSubjectRequest(id: $id) { ${HELD_REQUEST_FIELDS} } }`,
      { id: erasure.id },
    );
    expect(JSON.stringify(dpoView.data)).toContain(secretReason);

    const { pkg } = await erasedPackageOf(subjectId);
    for (const [name, file] of pkg.files) {
      expect([name, file.toString('utf8').includes(secretReason)]).toEqual([name, false]);
      expect([name, file.toString('utf8').includes(held.data!.hold.id)]).toEqual([name, false]);
    }
    // The erasure is in their requests, and says records were kept for a hold, without which.
    const ledger = pkg.data.subgraphs.requests.RIGHTS_REQUEST.requests as Obj[];
    const mine = ledger.find((r) => r.id === erasure.id) as {
      legs: Array<{ receipt: { entities: Array<{ retained: Obj[] }> } | null }>;
    };
    const kept = mine.legs.flatMap((l) => l.receipt?.entities.flatMap((e) => e.retained) ?? []);
    expect(kept.length).toBeGreaterThan(0);
    for (const r of kept) expect(r).toMatchObject({ holdId: null, reason: null });
  });

  it('V5, V11: the veloraqenvi retention statement of support requests names each of its four periods', () => {
    const processing = processingFile(supergraphSchema(), POLICIES.veloraqenvi, { categories: new Set(['SUPPORT']) });
    const support = processing.categories.find((c) => c.category === 'SUPPORT')!;
    const { en, fr } = support.retention.statement;
    for (const months of [12, 24, 36, 60]) {
      expect(fr).toContain(`${months} mois`);
      expect(en).toContain(`${months} months`);
    }
    expect(
      (support.retention.byType as Array<{ type: string; period: string }>).map((t) => [t.type, t.period]),
    ).toEqual([
      ['TECHNICAL_QUESTION', 'P24M'],
      ['COMMERCIAL_REQUEST', 'P36M'],
      ['COMPLAINT', 'P60M'],
      ['IMPROVEMENT_SUGGESTION', 'P12M'],
    ]);
  });
});
