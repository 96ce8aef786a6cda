import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GraphQLObjectType } from 'graphql';
import { demoId } from '../common/demo/random';
import { FEATURED_INDEX } from '../common/demo/plan';
import { POLICIES, type PrivacyPolicy } from '../policies';
import { verifyManifest } from '../schema/access-package';
import { dataSubjectType, objectTypeOf } from '../schema/access-package/layout';
import { ART15_ITEMS } from '../schema/access-package/processing';
import { exportSubject } from '../scripts/export';
import { isPortable, type Json } from '../schema/subject-export';
import { classify, exportQuery, readSupergraphSdl, supergraphSchema } from '../schema/supergraph';
import {
  buildPackage,
  openPackage,
  personalValues,
  personalValuesInPackage,
  unzip,
  validator,
  type Obj,
  type OpenedPackage,
} from './helpers/access-package';

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
import { startStack, TEST_NOW, type Stack } from './helpers/stack';
import { runScript } from './helpers/node-script';

describe('the access package (Art. 15) and the portable package (Art. 20)', () => {
  let stack: Stack;
  const schema = supergraphSchema();
  const supergraphSdl = readSupergraphSdl();
  beforeAll(async () => {
    stack = await startStack({ subjects: 12 });
  });
  afterAll(() => stack.stop());

  const fetchExport = async (policy: PrivacyPolicy, id: string) =>
    exportSubject({
      gateway: stack.gatewayUrl,
      token: await stack.token({ roles: ['service'], sub: 'export-tool' }),
      policy,
      id,
      now: TEST_NOW,
    });
  const options = (policy: PrivacyPolicy, portable: boolean) => ({
    schema,
    supergraphSdl,
    policy,
    portable,
    requestId: 'a1b2c3d4-0000-4000-8000-000000000001',
    madeAt: TEST_NOW,
  });

  it('O8, O9, V11: holds every @personal value of the subject, valid against data.schema.json, with Art. 15(1)(a)-(h) and 15(2) for each category, documents byte for byte and a manifest that verifies', async () => {
    const id = demoId('subject', FEATURED_INDEX.golden);
    const exported = await fetchExport(POLICIES.ophelantyra, id);
    const pkg = await buildPackage(exported, options(POLICIES.ophelantyra, false));

    // The files of the package.
    const names = [...pkg.files.keys()];
    expect(names.filter((n) => !n.startsWith('documents/')).sort()).toEqual(
      ['data.json', 'data.schema.json', 'index.html', 'manifest.json', 'processing.json'].sort(),
    );

    // data.json is valid against data.schema.json.
    const validate = validator(pkg);
    expect([validate(pkg.data), validate.errors ?? []]).toEqual([true, []]);

    // Every personal field holding a value, as the gateway answers a dpo who asks on their own, is there.
    const answer = await stack.query<{ subject: Obj }>(exportQuery(schema), { id });
    expect(answer.errors).toBeUndefined();
    const held = personalValues(schema, dataSubjectType(schema), answer.data!.subject, 'DataSubject', new Map());
    expect(held.size).toBeGreaterThan(100);
    expect(held.get('DataSubject.fullName')).toBe('Élodie Dupré-Noël');
    expect(personalValuesInPackage(schema, pkg)).toEqual(held);
    // ...each placed under the subgraph that holds it and its category.
    expect(pkg.data.subgraphs.profile.IDENTITY.fullName).toBe('Élodie Dupré-Noël');
    expect(pkg.data.subgraphs.billing.BILLING.invoices).toEqual(answer.data!.subject.invoices);
    expect(pkg.data.subject).toEqual({ id });

    // Every category in data.json has its processing entry with each point of Art. 15.
    const inData = new Set(Object.values(pkg.data.subgraphs).flatMap((c) => Object.keys(c)));
    inData.delete('NOT_PERSONAL');
    const entries = new Map(pkg.processing.categories.map((c) => [c.category, c]));
    expect([...inData].filter((c) => !entries.has(c))).toEqual([]);
    for (const entry of pkg.processing.categories) {
      for (const [article, key] of Object.entries(ART15_ITEMS)) {
        const item = entry[key];
        expect([entry.category, key, item.article]).toEqual([entry.category, key, article]);
        expect(item.statement.fr.length).toBeGreaterThan(5);
        expect(item.statement.en.length).toBeGreaterThan(5);
      }
      expect(entry.complaint.statement.fr).toContain('CNIL, 3 Place de Fontenoy, TSA 80715, 75334 Paris Cedex 07');
      const rights = (entry.rights.rights as Array<{ right: string }>).map((r) => r.right);
      expect(rights).toEqual(expect.arrayContaining(['ACCESS', 'RECTIFICATION', 'ERASURE', 'RESTRICTION']));
    }
    // Per the policy and the classification: who receives it, how long, where from, what leaves the EEA.
    const contact = entries.get('CONTACT')!;
    expect(contact.transfers.statement.en).toContain('Standard contractual clauses');
    expect(contact.retention.statement.fr).toContain('Quand vous fermez définitivement votre compte');
    expect(entries.get('BILLING')!.retention.statement.en).toContain('7 years');
    expect(entries.get('CONNECTION')!.source.statement.en).toBe('Source: your use of the service.');
    expect(entries.get('CONNECTION')!.transfers.statement.en).toBe('Not transferred outside the EEA.');
    expect((entries.get('EVALUATION')!.rights.rights as Array<{ right: string }>).map((r) => r.right)).toContain(
      'OBJECTION',
    );

    // Every document the subject shared, byte for byte.
    const documents = pkg.data.subgraphs.sessions.DOCUMENTS.documents as Obj[];
    expect(documents.length).toBeGreaterThan(0);
    const files = names.filter((n) => n.startsWith('documents/'));
    expect(files).toHaveLength(documents.length);
    for (const doc of documents) {
      const file = files.find((f) => f.startsWith(`documents/${(doc.id as string).slice(0, 8)}-`))!;
      expect(file).toBeDefined();
      const bytes = pkg.files.get(file)!;
      expect(sha256(bytes)).toBe(doc.sha256);
      expect(bytes.length).toBe(doc.sizeBytes);
    }

    // The manifest verifies: every file listed, every hash right, the supergraph's, when, for which request.
    expect(verifyManifest(pkg.manifest, pkg.files)).toEqual([]);
    expect(pkg.manifest).toMatchObject({
      subjectId: id,
      requestId: 'a1b2c3d4-0000-4000-8000-000000000001',
      madeAt: TEST_NOW.toISOString(),
      policy: 'ophelantyra',
      portable: false,
      supergraphSha256: sha256(fs.readFileSync(path.join(__dirname, '..', 'schema', 'supergraph.graphql'))),
    });
    expect(pkg.manifest.files.map((f) => f.path).sort()).toEqual(names.filter((n) => n !== 'manifest.json').sort());
    // A changed byte is caught.
    const tampered = new Map(pkg.files);
    const first = files[0];
    tampered.set(first, Buffer.concat([pkg.files.get(first)!, Buffer.from(' ')]));
    expect(verifyManifest(pkg.manifest, tampered)).toEqual([`${first}: SHA-256 does not match`]);
  });

  it('O23, V9: states each policy’s automated decisions in the categories they use: matching reviewed by a person (ophelantyra), recommendations that can be switched off (veloraqenvi)', async () => {
    const exported = await fetchExport(POLICIES.ophelantyra, demoId('subject', FEATURED_INDEX.golden));
    const o = await buildPackage(exported, options(POLICIES.ophelantyra, false));
    const v = await buildPackage(exported, options(POLICIES.veloraqenvi, false));
    const entry = (pkg: OpenedPackage, c: string) => pkg.processing.categories.find((e) => e.category === c)!;
    expect(entry(o, 'MENTORING').automatedDecisions.statement.en).toContain(
      'The final decision is always taken by a team member who reviews the suggestions',
    );
    expect(entry(o, 'PROFESSIONAL').automatedDecisions.statement.fr).toContain('toujours prise par un membre');
    expect(entry(v, 'LEARNING').automatedDecisions.statement.en).toContain('You can switch them off');
    expect(entry(v, 'MENTORING').automatedDecisions.statement.en).toBe('No automated decision uses this data.');
    // Transfers: standard contractual clauses under both; veloraqenvi's hosting stays in France.
    expect(entry(v, 'CONTACT').transfers.outsideEea).toContain('EMAIL_PROVIDER');
    expect(entry(v, 'CONTACT').transfers.outsideEea).not.toContain('HOSTING_PROVIDER');
    expect(entry(o, 'CONTACT').transfers.outsideEea).toEqual(
      expect.arrayContaining(['EMAIL_PROVIDER', 'HOSTING_PROVIDER']),
    );
    expect(entry(v, 'CONTACT').transfers.statement.fr).toContain('help@veloraqenvi.com');
    // The readable page carries the same statements.
    expect(o.html).toContain('aucune décision entièrement automatisée');
  });

  it('O33, V36: every category that goes to a provider outside the EEA states its safeguards (standard clauses; or a certification under ophelantyra) and where to ask for a copy', async () => {
    const exported = await fetchExport(POLICIES.ophelantyra, demoId('subject', FEATURED_INDEX.golden));
    for (const [policy, ask, certification] of [
      [POLICIES.ophelantyra, 'support@ophelantyra.com', true],
      [POLICIES.veloraqenvi, 'help@veloraqenvi.com', false],
    ] as const) {
      const pkg = await buildPackage(exported, options(policy, false));
      const abroad = pkg.processing.categories.filter((e) => (e.transfers.outsideEea as string[]).length > 0);
      expect(abroad.map((e) => e.category)).toEqual(expect.arrayContaining(['CONTACT', 'PAYMENT']));
      for (const entry of abroad) {
        for (const lang of ['fr', 'en'] as const) {
          expect(entry.transfers.statement[lang]).toMatch(
            /[Cc]lauses contractuelles types|[Ss]tandard contractual clauses/,
          );
          expect(entry.transfers.statement[lang]).toContain(ask);
          expect(/certification/.test(entry.transfers.statement[lang])).toBe(certification);
        }
      }
      expect(pkg.html).toContain(ask);
    }
  });

  it('O34, V37: under both policies every category of the package, and its page, say where to complain: the CNIL and its address', async () => {
    const exported = await fetchExport(POLICIES.ophelantyra, demoId('subject', FEATURED_INDEX.golden));
    for (const policy of [POLICIES.ophelantyra, POLICIES.veloraqenvi]) {
      const pkg = await buildPackage(exported, options(policy, false));
      expect(pkg.processing.categories.length).toBeGreaterThan(5);
      for (const entry of pkg.processing.categories) {
        expect(entry.complaint.statement.fr).toContain('CNIL, 3 Place de Fontenoy, TSA 80715, 75334 Paris Cedex 07');
        expect(entry.complaint.statement.en).toMatch(/lodge a complaint with the .*CNIL/);
      }
      expect(pkg.html).toContain('Place de Fontenoy');
    }
  });

  it('V16: the portable package holds only what the subject provided on contract or consent, and names what it leaves out and why', async () => {
    // Ana Uno: one record in every collection, learning progress included.
    const id = demoId('subject', FEATURED_INDEX.oneEach);
    const exported = await fetchExport(POLICIES.veloraqenvi, id);
    const pkg = await buildPackage(exported, options(POLICIES.veloraqenvi, true));
    const validate = validator(pkg);
    expect([validate(pkg.data), validate.errors ?? []]).toEqual([true, []]);
    expect(pkg.data.portable).toBe(true);
    expect(pkg.manifest.portable).toBe(true);
    expect(verifyManifest(pkg.manifest, pkg.files)).toEqual([]);

    // Profile, progress history, preferences: there.
    const { profile, sessions } = pkg.data.subgraphs;
    expect(profile.IDENTITY.fullName).toBe('Ana Uno');
    expect(profile.CONTACT).toHaveProperty('email');
    expect(profile.PREFERENCES).toHaveProperty('communicationPreferences');
    expect(profile.PREFERENCES).toHaveProperty('locale');
    expect((sessions.LEARNING.learningProgress as Json[]).length).toBe(1);
    // Every personal value in it is the subject's own, on contract or consent.
    const portableSchema = schema;
    const values = personalValuesInPackage(portableSchema, pkg);
    expect(values.size).toBeGreaterThan(10);
    const coordinate = (p: string): string => p.replace(/\[\d+\]/g, '');
    const notPortable = [...values.keys()].filter((p) => {
      const parts = coordinate(p).split('.');
      let type: GraphQLObjectType = dataSubjectType(schema);
      for (const name of parts.slice(1, -1)) type = objectTypeOf(type.getFields()[name]) ?? type;
      const c = classify(type, type.getFields()[parts[parts.length - 1]]);
      return !c.personal || !isPortable(c.personal);
    });
    expect(notPortable).toEqual([]);

    // What it leaves out, each with its reason.
    const leftOut = new Map(pkg.leftOut!.map((l) => [l.field, l]));
    const reasons = Object.fromEntries(
      [
        'DataSubject.id',
        'DataSubject.lastLoginAt',
        'DataSubject.connectionLogs',
        'DataSubject.downloads',
        'DataSubject.invoices',
        'DataSubject.payments',
        'DataSubject.evaluations',
        'DataSubject.consents',
        'DataSubject.requests',
        'DataSubject.sponsorship',
        'SharedDocument.sharedAt',
      ].map((f) => [f, leftOut.get(f)?.reason.en]),
    );
    expect(reasons).toEqual({
      'DataSubject.id': expect.stringContaining('derived'),
      'DataSubject.lastLoginAt': expect.stringContaining('observed'),
      'DataSubject.connectionLogs': expect.stringContaining('observed'),
      'DataSubject.downloads': expect.stringContaining('observed'),
      'DataSubject.invoices': expect.stringContaining('derived'),
      'DataSubject.payments': expect.stringContaining('third party'),
      'DataSubject.evaluations': expect.stringContaining('legitimate interest'),
      'DataSubject.consents': expect.stringContaining('legal obligation'),
      'DataSubject.requests': expect.stringContaining('derived'),
      'DataSubject.sponsorship': expect.stringContaining('third party'),
      'SharedDocument.sharedAt': expect.stringContaining('observed'),
    });
    for (const f of ['DataSubject.fullName', 'DataSubject.email', 'DataSubject.learningProgress'])
      expect([f, leftOut.has(f)]).toEqual([f, false]);
    // ...and none of it is in the data.
    const all = JSON.stringify(pkg.data);
    for (const key of ['lastLoginAt', 'connectionLogs', 'invoices', 'payments', 'evaluations', 'consents', 'requests'])
      expect([key, all.includes(`"${key}"`)]).toEqual([key, false]);
    // The page names what is left out in words, not by its field name.
    expect(pkg.html).toContain('Connexions');
    expect(pkg.html).not.toContain('DataSubject.connectionLogs');
  });

  it('npm run export -- --id <id> --out file.zip writes the package; --email ... --portable the portable one; .json stays the single file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-package-'));
    const token = await stack.token({ roles: ['service'], sub: 'export-tool' });
    const run = (...args: string[]) => runScript('export', args, { DSG_TOKEN: token, POLICY: 'ophelantyra' });
    try {
      const id = demoId('subject', FEATURED_INDEX.golden);
      const full = await run(
        '--gateway',
        stack.gatewayUrl,
        '--id',
        id,
        '--out',
        path.join(dir, 'elodie.zip'),
        '--request',
        'r-1',
      );
      expect([full.status, full.stderr]).toEqual([0, expect.stringContaining('access package')]);
      const zip = fs.readFileSync(path.join(dir, 'elodie.zip'));
      const pkg = openPackage(zip, await unzip(zip));
      expect(verifyManifest(pkg.manifest, pkg.files)).toEqual([]);
      expect(pkg.manifest).toMatchObject({ subjectId: id, requestId: 'r-1', portable: false });

      const portable = await run(
        '--gateway',
        stack.gatewayUrl,
        '--email',
        'elodie.dupre-noel@example.fr',
        '--out',
        path.join(dir, 'portable.zip'),
        '--portable',
      );
      expect([portable.status, portable.stderr]).toEqual([0, expect.stringContaining('portable package')]);
      const pzip = fs.readFileSync(path.join(dir, 'portable.zip'));
      expect(openPackage(pzip, await unzip(pzip)).manifest).toMatchObject({ subjectId: id, portable: true });

      const json = await run('--gateway', stack.gatewayUrl, '--id', id, '--out', path.join(dir, 'elodie.json'));
      expect(json.status).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'elodie.json'), 'utf8'))).toMatchObject({
        format: 'data-subject-export/1',
        subjectId: id,
      });
      // A package needs a zip to go in.
      const wrong = await run('--gateway', stack.gatewayUrl, '--id', id, '--portable');
      expect([wrong.status, wrong.stderr]).toEqual([2, expect.stringContaining('--out <file>.zip')]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
