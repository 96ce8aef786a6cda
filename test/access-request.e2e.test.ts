import fs from 'node:fs';
import path from 'node:path';
import { demoId } from '../common/demo/random';
import { FEATURED_INDEX } from '../common/demo/plan';
import { POLICIES } from '../policies';
import { verifyManifest } from '../schema/access-package';
import { RightsRequestEntity } from '../subgraphs/requests/ledger/entities/rights-request.entity';
import { dataSubjectType } from '../schema/access-package/layout';
import { exportQuery, supergraphSchema } from '../schema/supergraph';
import type { Json } from '../schema/subject-export';
import {
  openPackage,
  personalValues,
  personalValuesInPackage,
  unzip,
  validator,
  type Obj,
} from './helpers/access-package';
import { eventually, TestInbox } from './helpers/smtp';
import { requestById, waitForStatus } from './helpers/rights';
import { runById, runRetention } from './helpers/retention';
import { startStack, type As, type GraphQLResponse, type Stack } from './helpers/stack';
import { setEnv } from './helpers/env';
import { runScript, type ScriptResult } from './helpers/node-script';

/** What these tests read of an export request. */
const FIELDS =
  'id type status subjectId receivedAt dueAt completedAt packageExpiresAt identityVerification { method evidenceRef verifiedBy verifiedAt } legs { subgraph status attempts lastError }';

interface ExportRequest {
  id: string;
  type: string;
  status: string;
  subjectId: string;
  receivedAt: string;
  dueAt: string;
  completedAt: string | null;
  packageExpiresAt: string | null;
  identityVerification: { method: string; evidenceRef: string | null; verifiedBy: string; verifiedAt: string } | null;
  legs: Array<{ subgraph: string; status: string; attempts: number; lastError: string | null }>;
}

const ENV: Record<string, string | undefined> = {
  MAIL_WORKER_INTERVAL_MS: '100',
  MAIL_RETRY_BASE_MS: '200',
  MAIL_RETRY_MAX_MS: '1000',
  REQUESTS_WORKER_INTERVAL_MS: '100',
  REQUESTS_RETRY_BASE_MS: '200',
  REQUESTS_RETRY_MAX_MS: '1000',
  REQUESTS_SYNC_WAIT_MS: '1000',
  RETENTION_SCHEDULE: 'off',
};

const DAY = 86_400_000;

/** `npm run export` as a separate process. */
function runExport(token: string, args: string[]): Promise<ScriptResult> {
  return runScript('export', args, { DSG_TOKEN: token });
}

describe('the right of access as a ledger request: built by a worker, told by mail, fetched through the gateway', () => {
  const inbox = new TestInbox();
  let stack: Stack;
  let restoreEnv: () => void;
  const schema = supergraphSchema();

  beforeAll(async () => {
    await inbox.start();
    restoreEnv = setEnv({ ...ENV, SMTP_URL: inbox.url });
    stack = await startStack({ subjects: 12 });
  });
  afterAll(async () => {
    await stack.stop();
    await inbox.stop();
    restoreEnv();
  });

  const requestExport = async (input: Record<string, unknown>, as?: As) => {
    const res = await stack.query<{ requestExport: ExportRequest }>(
      `mutation($input: RequestExportInput!) { requestExport(input: $input) { ${FIELDS} } }`,
      { input },
      as,
    );
    return { errors: res.errors, request: res.data?.requestExport };
  };
  const requestsOf = async (subjectId: string): Promise<ExportRequest[]> => {
    // The list gives the ids; each request is read whole by id (the list with every field nested
    // would pass the gateway's cost limit, as it would for any client).
    const res = await stack.query<{ dataSubjectRequests: { nodes: { id: string }[] } }>(
      `query($s: ID) { dataSubjectRequests(filter: { subjectId: $s }, first: 100) { nodes { id } } }`,
      { s: subjectId },
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const requests: ExportRequest[] = [];
    for (const { id } of res.data!.dataSubjectRequests.nodes) {
      const one = await stack.query<{ dataSubjectRequest: ExportRequest }>(
        `query($id: ID!) { dataSubjectRequest(id: $id) { ${FIELDS} } }`,
        { id },
      );
      if (one.errors) throw new Error(JSON.stringify(one.errors));
      requests.push(one.data!.dataSubjectRequest);
    }
    return requests;
  };
  const email = async (subjectId: string): Promise<string> => {
    const res = await stack.query<{ subject: { email: string } }>('query($id: ID!) { subject(id: $id) { email } }', {
      id: subjectId,
    });
    return res.data!.subject.email;
  };
  /** GET /packages/<id> on the gateway, as a client would. */
  const download = async (id: string, as: As = {}) => {
    let bearer = as.token;
    if (bearer === undefined) bearer = await stack.token({ roles: [as.role ?? 'dpo'], subjectId: as.subjectId });
    const res = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/packages/${id}`, {
      headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` },
    });
    const body = Buffer.from(await res.arrayBuffer());
    const json = res.headers.get('content-type')?.includes('json')
      ? (JSON.parse(body.toString('utf8')) as GraphQLResponse<never>)
      : null;
    return { status: res.status, type: res.headers.get('content-type'), body, json };
  };
  const packageDir = () => path.join(stack.db.sqliteDir, 'packages');
  const packageFiles = () => (fs.existsSync(packageDir()) ? fs.readdirSync(packageDir()) : []);

  it('O9, O14, V8, V11, V27: the subject asks, is told by mail when the package is ready, and downloads it through the gateway: everything held, valid, verified, within 15 days', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.golden);
    const asSubject: As = { role: 'subject', subjectId };
    const { errors, request } = await requestExport({ subjectId }, asSubject);
    expect(errors).toBeUndefined();
    expect(request).toMatchObject({
      type: 'ACCESS',
      subjectId,
      identityVerification: { method: 'SUBJECT_TOKEN', evidenceRef: null, verifiedBy: 'test-subject' },
    });
    expect(['IN_PROGRESS', 'COMPLETED']).toContain(request!.status);
    // ophelantyra: « sous quinze jours ».
    expect(Date.parse(request!.dueAt) - Date.parse(request!.receivedAt)).toBe(15 * DAY);

    // The notification, at the subject's address, with the link to the gateway.
    const address = await email(subjectId);
    const mail = await eventually(
      () => inbox.to(address).find((m) => m.subject === 'Vos données sont prêtes à être téléchargées'),
      'the package-ready mail',
    );
    expect(mail.text).toContain(`/packages/${request!.id}`);
    expect(mail.text).toContain(`Référence : ${request!.id}`);
    expect(mail.text).toContain('espace personnel');

    // The ledger: completed within its deadline, served for PACKAGE_TTL_DAYS (7) from then.
    const done = (await requestsOf(subjectId)).find((r) => r.id === request!.id)!;
    expect(done.status).toBe('COMPLETED');
    expect(Date.parse(done.completedAt!)).toBeLessThanOrEqual(Date.parse(done.dueAt));
    expect(Date.parse(done.packageExpiresAt!) - Date.parse(done.completedAt!)).toBe(7 * DAY);
    expect(done.legs).toEqual([{ subgraph: 'requests', status: 'DONE', attempts: 1, lastError: null }]);

    // Downloaded by the subject, through the gateway.
    const got = await download(request!.id, asSubject);
    expect([got.status, got.type]).toEqual([200, 'application/zip']);
    const pkg = openPackage(got.body, await unzip(got.body));
    expect(verifyManifest(pkg.manifest, pkg.files)).toEqual([]);
    expect(pkg.manifest).toMatchObject({ subjectId, requestId: request!.id, portable: false, policy: 'ophelantyra' });
    const validate = validator(pkg);
    expect([validate(pkg.data), validate.errors ?? []]).toEqual([true, []]);

    // Every personal value the gateway holds is in it. The ledger's own part moved on since the
    // package was built (this request completed), so it is compared apart.
    const answer = await stack.query<{ subject: Obj }>(exportQuery(schema), { id: subjectId });
    expect(answer.errors).toBeUndefined();
    const outsideLedger = (m: Map<string, Json>) =>
      new Map([...m].filter(([key]) => !key.startsWith('DataSubject.requests')));
    const held = personalValues(schema, dataSubjectType(schema), answer.data!.subject, 'DataSubject', new Map());
    expect(held.get('DataSubject.fullName')).toBe('Élodie Dupré-Noël');
    expect(outsideLedger(personalValuesInPackage(schema, pkg))).toEqual(outsideLedger(held));
    // The export shows the request itself and how the identity was verified.
    const ledger = pkg.data.subgraphs.requests.RIGHTS_REQUEST.requests as Obj[];
    expect(ledger.find((r) => r.id === request!.id)).toMatchObject({
      type: 'ACCESS',
      status: 'IN_PROGRESS',
      identityVerification: { method: 'SUBJECT_TOKEN', verifiedBy: 'test-subject' },
    });

    // npm run export -- --request <id> --out x.zip: the same bytes, as the subject; not as another.
    const out = path.join(stack.db.sqliteDir, 'downloaded.zip');
    const cli = await runExport(await stack.token({ roles: ['subject'], subjectId }), [
      '--gateway',
      stack.gatewayUrl,
      '--request',
      request!.id,
      '--out',
      out,
    ]);
    expect([cli.status, cli.stderr]).toEqual([0, expect.stringContaining(`the package of request ${request!.id}`)]);
    expect(fs.readFileSync(out).equals(got.body)).toBe(true);
    const other = await stack.token({ roles: ['subject'], subjectId: demoId('subject', FEATURED_INDEX.rtl) });
    const refused = await runExport(other, ['--gateway', stack.gatewayUrl, '--request', request!.id, '--out', out]);
    expect([refused.status, refused.stderr]).toEqual([1, expect.stringContaining('FORBIDDEN')]);

    // A dpo may fetch it too; the worker's read is in the access log as export tooling's.
    expect((await download(request!.id, { role: 'dpo' })).status).toBe(200);
    const log = await stack.query<{ accessLog: { nodes: Array<{ principal: string; roles: string[] }> } }>(
      'query($s: ID) { accessLog(filter: { subjectId: $s, principal: "requests:access-package" }) { nodes { principal roles } } }',
      { s: subjectId },
    );
    expect(log.data!.accessLog.nodes[0]).toEqual({ principal: 'requests:access-package', roles: ['service'] });
  });

  it('O14, V27: an access request a dpo enters needs how the identity was verified, with an evidence reference; without it nothing is recorded', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.emojiCjk);
    const before = await requestsOf(subjectId);
    const refused = [
      await requestExport({ subjectId }),
      await requestExport({ subjectId, identityVerification: { method: 'IDENTITY_DOCUMENT' } }),
      await requestExport({ subjectId, identityVerification: { method: 'POST', evidenceRef: '   ' } }),
      await requestExport({ subjectId, identityVerification: { method: 'SUBJECT_TOKEN', evidenceRef: 'x' } }),
    ];
    expect(refused.map((r) => [r.errors?.[0].extensions?.code, r.errors?.[0].extensions?.argumentName])).toEqual([
      ['BAD_USER_INPUT', 'input.identityVerification'],
      ['BAD_USER_INPUT', 'input.identityVerification.evidenceRef'],
      ['BAD_USER_INPUT', 'input.identityVerification.evidenceRef'],
      ['BAD_USER_INPUT', 'input.identityVerification.method'],
    ]);
    expect(await requestsOf(subjectId)).toEqual(before);

    const { errors, request } = await requestExport({
      subjectId,
      portable: true,
      identityVerification: { method: 'IDENTITY_DOCUMENT', evidenceRef: 'courrier 2026-114, CNI vérifiée' },
    });
    expect(errors).toBeUndefined();
    expect(request).toMatchObject({
      type: 'PORTABILITY',
      identityVerification: {
        method: 'IDENTITY_DOCUMENT',
        evidenceRef: 'courrier 2026-114, CNI vérifiée',
        verifiedBy: 'test-dpo',
      },
    });
    const done = await waitForStatus(stack, request!.id, ['COMPLETED']);
    expect(done.status).toBe('COMPLETED');
    const got = await download(request!.id, { role: 'subject', subjectId });
    const pkg = openPackage(got.body, await unzip(got.body));
    expect(pkg.manifest).toMatchObject({ portable: true, requestId: request!.id });
    expect(pkg.leftOut?.length).toBeGreaterThan(0);
  });

  it('O9, V8: only the subject or a dpo fetches a package; another subject, no token, an unknown or malformed id, an expired link get a clear error with a code', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.rtl);
    const { request } = await requestExport({ subjectId }, { role: 'subject', subjectId });
    await waitForStatus(stack, request!.id, ['COMPLETED']);
    const id = request!.id;
    const other = demoId('subject', FEATURED_INDEX.oneEach);

    const codes = async (r: Promise<Awaited<ReturnType<typeof download>>>) => {
      const { status, json } = await r;
      return [status, json?.errors?.[0].extensions?.code];
    };
    expect(await codes(download(id, { role: 'subject', subjectId: other }))).toEqual([403, 'FORBIDDEN']);
    expect(await codes(download(id, { role: 'support' }))).toEqual([403, 'FORBIDDEN']);
    expect(await codes(download(id, { role: 'service' }))).toEqual([403, 'FORBIDDEN']);
    // No Authorization header is a browser without the mail's link: a page saying what to do, not JSON.
    const browser = await download(id, { token: null });
    expect([browser.status, browser.type, browser.json]).toEqual([400, 'text/html; charset=utf-8', null]);
    expect(await codes(download(id, { token: 'not.a.token' }))).toEqual([401, 'UNAUTHENTICATED']);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await codes(download(unknown, { role: 'subject', subjectId }))).toEqual([403, 'FORBIDDEN']);
    expect(await codes(download(unknown, { role: 'dpo' }))).toEqual([404, 'NOT_FOUND']);
    expect(await codes(download('<script>', { role: 'dpo' }))).toEqual([400, 'BAD_USER_INPUT']);

    // The link expires PACKAGE_TTL_DAYS after it was released: moved to just past, it is refused clearly.
    const ds = stack.subgraphs.requests.server.db.dataSource;
    await ds.getRepository(RightsRequestEntity).update({ id }, { packageExpiresAt: new Date(Date.now() - 1000) });
    const expired = await download(id, { role: 'subject', subjectId });
    expect(expired.status).toBe(410);
    expect(expired.json?.errors?.[0]).toMatchObject({
      extensions: { code: 'PACKAGE_EXPIRED', requestId: id },
      message: expect.stringContaining('ask for a new export'),
    });
    expect(JSON.stringify(expired.json)).not.toContain(subjectId);
  });

  it('O9, V8: with a subgraph down the request stays IN_PROGRESS and no package exists; a second export names the first; it completes when the subgraph is back', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.disputedComplaint);
    const asSubject: As = { role: 'subject', subjectId };
    const billing = stack.subgraphs.billing;
    const port = billing.listening.port;
    await billing.listening.close();
    try {
      const { errors, request } = await requestExport({ subjectId }, asSubject);
      expect(errors).toBeUndefined();
      const id = request!.id;
      // The worker tries again and again; the request stays open and nothing is stored.
      const retried = await eventually(async () => {
        const r = (await requestsOf(subjectId)).find((x) => x.id === id)!;
        return r.legs[0].attempts >= 2 ? r : undefined;
      }, 'a second attempt');
      expect(retried).toMatchObject({ status: 'IN_PROGRESS', packageExpiresAt: null });
      expect(retried.legs[0]).toMatchObject({ status: 'PENDING', lastError: expect.stringContaining('incomplete') });
      expect(packageFiles().filter((f) => f.includes(id))).toEqual([]);
      const early = await download(id, asSubject);
      expect([early.status, early.json?.errors?.[0].extensions?.code]).toEqual([409, 'PACKAGE_NOT_READY']);

      // Asked again meanwhile: refused, naming the request in progress; nothing new recorded.
      const again = await requestExport({ subjectId }, asSubject);
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'EXPORT_IN_PROGRESS', requestId: id });
      expect((await requestsOf(subjectId)).filter((r) => r.type === 'ACCESS').map((r) => r.id)).toEqual([id]);
    } finally {
      billing.listening = await billing.server.listen(port);
    }
    const [open] = (await requestsOf(subjectId)).filter((r) => r.type === 'ACCESS');
    const done = await waitForStatus(stack, open.id, ['COMPLETED']);
    expect(done.status).toBe('COMPLETED');
    const got = await download(open.id, asSubject);
    const pkg = openPackage(got.body, await unzip(got.body));
    expect(verifyManifest(pkg.manifest, pkg.files)).toEqual([]);
    expect(pkg.data.subgraphs.billing.BILLING.invoices).not.toBeNull();
    // Only the finished package is in the folder: no partial file left behind.
    expect(packageFiles().filter((f) => !f.endsWith('.zip'))).toEqual([]);
  });

  it('bad input changes nothing and says why: an unknown or erased subject, someone else asking', async () => {
    const unknown = await requestExport({
      subjectId: '00000000-0000-4000-8000-000000000001',
      identityVerification: { method: 'MAIL', evidenceRef: 'm-1' },
    });
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const erased = demoId('subject', FEATURED_INDEX.fiftyEach);
    const erasure = await stack.query<{ eraseSubject: { status: string } }>(
      'mutation($id: ID!) { eraseSubject(input: { subjectId: $id, identityVerification: { method: IDENTITY_DOCUMENT, evidenceRef: "test" } }) { status } }',
      { id: erased },
    );
    expect(erasure.data?.eraseSubject.status).toBe('COMPLETED');
    const before = await requestsOf(erased);
    // An erased subject is owed a copy of what is kept (test/whole-copy.e2e.test.ts), but only
    // through a dpo who checked the identity against it: never on a token alone.
    const afterErasure = await requestExport({ subjectId: erased }, { role: 'subject', subjectId: erased });
    expect(afterErasure.errors?.[0].extensions?.code).toBe('SUBJECT_ERASED');

    const someoneElse = demoId('subject', FEATURED_INDEX.manyConnectionLogs);
    const forbidden = await requestExport({ subjectId: someoneElse }, { role: 'subject', subjectId: erased });
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await requestExport({ subjectId: someoneElse }, { role: 'support' })).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect(await requestsOf(erased)).toEqual(before);
    expect(await requestsOf(someoneElse)).toEqual([]);
    for (const r of [unknown, afterErasure, forbidden])
      expect(JSON.stringify(r.errors)).not.toMatch(/00000000-0000-4000-8000-000000000001|Error:|SELECT/);
  });

  it('V8: the daily sweep deletes a package on the first sweep after its expiry (not before, not in a dry run) and records it; the link then says it expired', async () => {
    // Not the minor: the real sweep erases them (O22), and their package with them at once.
    const subjectId = demoId('subject', 11);
    const asSubject: As = { role: 'subject', subjectId };
    const { request } = await requestExport({ subjectId }, asSubject);
    const id = request!.id;
    await waitForStatus(stack, id, ['COMPLETED']);
    expect(packageFiles()).toContain(`${id}.zip`);
    // The clock moved on the row: it expired three days ago at 10:00 UTC.
    const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    const expiry = new Date(today.getTime() - 3 * DAY + 10 * 3600_000);
    const ds = stack.subgraphs.requests.server.db.dataSource;
    await ds.getRepository(RightsRequestEntity).update({ id }, { packageExpiresAt: expiry });
    const dayOf = (d: Date) => d.toISOString().slice(0, 10);
    const packagesLine = async (asOf: Date, dryRun: boolean) => {
      const res = await runRetention(stack, dayOf(asOf), dryRun);
      expect(res.errors).toBeUndefined();
      const run = dryRun ? res.data!.r : await waitForStatus(stack, res.data!.r.id, ['COMPLETED']);
      const full = dryRun ? res.data!.r : await runById(stack, run.id);
      const local = full.legs.find((l) => l.subgraph === 'requests')!;
      return local.retention!.rules.find((r) => r.rule === 'access-packages')!;
    };

    // The day of its expiry (a sweep as of midnight): not yet.
    expect((await packagesLine(expiry, true)).deleted).toBe(0);
    // The day after: due; a dry run says so and removes nothing.
    const dayAfter = new Date(expiry.getTime() + DAY);
    expect((await packagesLine(dayAfter, true)).deleted).toBe(1);
    expect(packageFiles()).toContain(`${id}.zip`);
    // The real sweep deletes it and records it.
    expect((await packagesLine(dayAfter, false)).deleted).toBe(1);
    expect(packageFiles()).not.toContain(`${id}.zip`);
    const row = await ds.getRepository(RightsRequestEntity).findOneByOrFail({ id });
    expect(row.packageDeletedAt).not.toBeNull();
    const audit = await ds.query<Array<{ action: string; detail: string }>>(
      "SELECT action, detail FROM audit_event WHERE action = 'PACKAGES_DELETED'",
    );
    expect(audit.some((a) => a.detail.includes(id))).toBe(true);
    // Asked again, there is nothing left to delete; the link says it expired.
    expect((await packagesLine(dayAfter, false)).deleted).toBe(0);
    const gone = await download(id, asSubject);
    expect([gone.status, gone.json?.errors?.[0].extensions?.code]).toEqual([410, 'PACKAGE_EXPIRED']);
  });
});

describe('review before release (a policy with accessReview)', () => {
  let stack: Stack;
  let restoreEnv: () => void;
  beforeAll(async () => {
    restoreEnv = setEnv({ ...ENV, SMTP_URL: undefined });
    stack = await startStack({ subjects: 12, policy: { ...POLICIES.veloraqenvi, accessReview: true } });
  });
  afterAll(async () => {
    await stack.stop();
    restoreEnv();
  });

  const call = async <T>(query: string, variables: Record<string, unknown>, as?: As) => {
    const res = await stack.query<{ r: T }>(query, variables, as);
    return { errors: res.errors, data: res.data?.r };
  };
  const requestExport = (subjectId: string, as: As) =>
    call<ExportRequest>(
      `mutation($input: RequestExportInput!) { r: requestExport(input: $input) { ${FIELDS} } }`,
      { input: { subjectId } },
      as,
    );
  const approve = (id: string, as?: As) =>
    call<ExportRequest>(`mutation($id: ID!) { r: approveExport(id: $id) { ${FIELDS} } }`, { id }, as);
  const kinds = async (subjectId: string, requestId: string) => {
    const res = await call<{ nodes: Array<{ kind: string; requestId: string }> }>(
      'query($s: ID, $n: Int) { r: outboxMessages(filter: { subjectId: $s }, first: $n) { nodes { kind requestId } } }',
      { s: subjectId, n: 100 },
    );
    return res
      .data!.nodes.filter((m) => m.requestId === requestId)
      .map((m) => m.kind)
      .sort();
  };
  const download = async (id: string, as: As) => {
    const token = await stack.token({ roles: [as.role ?? 'dpo'], subjectId: as.subjectId });
    const res = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/packages/${id}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = Buffer.from(await res.arrayBuffer());
    const code = res.headers.get('content-type')?.includes('json')
      ? (JSON.parse(body.toString('utf8')) as GraphQLResponse<never>).errors?.[0].extensions?.code
      : undefined;
    return { status: res.status, code };
  };

  it('V8: the package waits, visible as AWAITING_REVIEW, until a dpo approves it; only then is the subject told and may fetch it; veloraqenvi answers within 2 days', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.golden);
    const asSubject: As = { role: 'subject', subjectId };
    const { data: request, errors } = await requestExport(subjectId, asSubject);
    expect(errors).toBeUndefined();
    expect(Date.parse(request!.dueAt) - Date.parse(request!.receivedAt)).toBe(2 * DAY);
    const waiting = await waitForStatus(stack, request!.id, ['AWAITING_REVIEW']);
    expect(waiting.completedAt).toBeNull();
    const listed = await call<{ nodes: ExportRequest[] }>(
      'query { r: dataSubjectRequests(filter: { statuses: [AWAITING_REVIEW] }) { nodes { id status } } }',
      {},
    );
    expect(listed.data).toEqual({ nodes: [{ id: request!.id, status: 'AWAITING_REVIEW' }] });
    expect(await kinds(subjectId, request!.id)).toEqual(['REQUEST_RECEIVED']);
    expect(await download(request!.id, asSubject)).toEqual({ status: 409, code: 'PACKAGE_NOT_READY' });
    // The dpo reads it to review it.
    expect((await download(request!.id, { role: 'dpo' })).status).toBe(200);

    expect((await approve(request!.id, asSubject)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const approved = await approve(request!.id);
    expect(approved.errors).toBeUndefined();
    expect(approved.data).toMatchObject({ status: 'COMPLETED' });
    expect(approved.data!.packageExpiresAt).not.toBeNull();
    expect(await kinds(subjectId, request!.id)).toEqual(['PACKAGE_READY', 'REQUEST_RECEIVED']);
    expect((await download(request!.id, asSubject)).status).toBe(200);
    expect((await approve(request!.id)).errors?.[0].extensions?.code).toBe('REQUEST_CLOSED');
  });

  it('V8: a package no longer on disk is not announced: approval answers PACKAGE_MISSING and changes nothing', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.oneEach);
    const { data: request } = await requestExport(subjectId, { role: 'subject', subjectId });
    await waitForStatus(stack, request!.id, ['AWAITING_REVIEW']);
    fs.rmSync(path.join(stack.db.sqliteDir, 'packages', `${request!.id}.zip`));
    const refused = await approve(request!.id);
    expect(refused.errors?.[0].extensions?.code).toBe('PACKAGE_MISSING');
    expect(refused.errors?.[0].message).toMatch(/reject the request, or ask for a new export/);
    expect((await requestById(stack, request!.id))?.status).toBe('AWAITING_REVIEW');
    expect(await kinds(subjectId, request!.id)).toEqual(['REQUEST_RECEIVED']);
  });

  it('V8: a package refused at review is never served', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.emojiCjk);
    const asSubject: As = { role: 'subject', subjectId };
    const { data: request } = await requestExport(subjectId, asSubject);
    await waitForStatus(stack, request!.id, ['AWAITING_REVIEW']);
    const rejected = await call<ExportRequest>(
      'mutation($id: ID!) { r: rejectRequest(id: $id, reason: "Holds a third party\'s data: to be redacted") { status } }',
      { id: request!.id },
    );
    expect(rejected.data).toEqual({ status: 'REJECTED' });
    expect(await download(request!.id, asSubject)).toEqual({ status: 410, code: 'REQUEST_CLOSED' });
    expect(await download(request!.id, { role: 'dpo' })).toEqual({ status: 410, code: 'REQUEST_CLOSED' });
  });
});
