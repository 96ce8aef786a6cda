import type { ParsedMail } from 'mailparser';
import { demoId } from '../common/demo/random';
import { POLICIES } from '../policies';
import { setEnv } from './helpers/env';
import { runScript } from './helpers/node-script';
import { daysBefore, ledgerOf, outboxSettled, subjectStatus, today } from './helpers/lifecycle';
import { sweepAndWait } from './helpers/retention';
import { DPO_IDENTITY, rights, waitForStatus } from './helpers/rights';
import { eventually, TestInbox } from './helpers/smtp';
import { db, snapshot } from './helpers/snapshot';
import { startStack, type As, type Stack } from './helpers/stack';

/**
 * Minors and guardians (O22, O38, V24, V45): a dpo records a minor's legal representative; the
 * guardian message goes to them (or, without one, to the account's address, and the dpo sees it
 * unreached); a guardian's token is bound to one child and acts for that child only.
 */

const ENV = {
  MAIL_WORKER_INTERVAL_MS: '100',
  MAIL_RETRY_BASE_MS: '200',
  MAIL_RETRY_MAX_MS: '1000',
  REQUESTS_WORKER_INTERVAL_MS: '100',
  REQUESTS_RETRY_BASE_MS: '200',
  REQUESTS_RETRY_MAX_MS: '1000',
  REQUESTS_SYNC_WAIT_MS: '1000',
  RETENTION_SCHEDULE: 'off',
};

const GUARDIAN_FIELDS = `id type status subjectId guardian { name email relationship } guardianUnreached
  identityVerification { method evidenceRef verifiedBy }`;

interface Recorded {
  id: string;
  type: string;
  status: string;
  subjectId: string;
  guardian: { name: string; email: string; relationship: string } | null;
  guardianUnreached: boolean | null;
  identityVerification: { method: string; evidenceRef: string | null; verifiedBy: string } | null;
}

const CLAIRE = { name: 'Claire Martin', email: 'claire.martin@parents.example', relationship: 'PARENT' };

async function recordGuardian(stack: Stack, input: Record<string, unknown>, as?: As) {
  const res = await stack.query<{ recordGuardian: Recorded }>(
    `mutation($input: RecordGuardianInput!) { recordGuardian(input: $input) { ${GUARDIAN_FIELDS} } }`,
    { input },
    as,
  );
  return { errors: res.errors, request: res.data?.recordGuardian };
}

async function request(stack: Stack, id: string, as?: As): Promise<Recorded> {
  const res = await stack.query<{ dataSubjectRequest: Recorded }>(
    `query($id: ID!) { dataSubjectRequest(id: $id) { ${GUARDIAN_FIELDS} } }`,
    { id },
    as,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.dataSubjectRequest;
}

async function contact(stack: Stack, id: string): Promise<{ fullName: string; email: string }> {
  const res = await stack.query<{ subject: { fullName: string; email: string } }>(
    'query($id: ID!) { subject(id: $id) { fullName email } }',
    { id },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.subject;
}

async function setBirthDate(stack: Stack, id: string, date: string): Promise<void> {
  await db(stack, 'profile').query('UPDATE subject SET birth_date = ? WHERE id = ?', [date, id]);
}

/** The messages written about a subject, oldest first. */
async function messagesOf(stack: Stack, subjectId: string) {
  return db(stack, 'requests').query<Array<{ kind: string; recipient: string; body: string; request_id: string }>>(
    'SELECT kind, recipient, body, request_id FROM outbox_message WHERE subject_id = ? ORDER BY created_at, id',
    [subjectId],
  );
}

const codes = (errors: Array<{ extensions?: Record<string, unknown> }> | undefined) =>
  errors?.map((e) => e.extensions?.code);

/** Tables a read or the delivery worker changes: not "something recorded". */
const MOVING = ['audit_event', 'access_log', 'audit_anchor'];

describe.each([
  ['ophelantyra', POLICIES.ophelantyra],
  ['veloraqenvi', POLICIES.veloraqenvi],
])("a guardian's token, bound to one child (%s)", (_name, policy) => {
  let stack: Stack;
  let restoreEnv: () => void;
  const child = demoId('subject', 3); // 15 in the demo population: a minor under both policies
  const other = demoId('subject', 4);
  const guardian: As = { role: 'guardian', childId: child, sub: 'guardian-claire' };
  beforeAll(async () => {
    restoreEnv = setEnv(ENV);
    stack = await startStack({ subjects: 12, policy });
  });
  afterAll(async () => {
    await stack.stop();
    restoreEnv();
  });

  /** GET /packages/<id> on the gateway with this caller's token. */
  const download = async (id: string, as: As) => {
    const bearer = await stack.token({ roles: [as.role ?? 'dpo'], childId: as.childId, subjectId: as.subjectId });
    const res = await fetch(`${stack.gatewayUrl.replace(/\/graphql$/, '')}/packages/${id}`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
  };

  it("O38, V45: a guardian's token exercises consent, access, rectification and erasure for the child and nothing for another subject", async () => {
    // Consent: withdrawn for the child, by the guardian, verified by their token.
    const consent = await rights(
      stack,
      'setConsent',
      { subjectId: child, purpose: 'RESEARCH', granted: false },
      guardian,
    );
    expect(consent.errors).toBeUndefined();
    expect(consent.request).toMatchObject({ type: 'CONSENT', subjectId: child });
    await waitForStatus(stack, consent.request!.id, ['COMPLETED']);
    expect((await request(stack, consent.request!.id)).identityVerification).toEqual({
      method: 'GUARDIAN_TOKEN',
      evidenceRef: null,
      verifiedBy: 'guardian-claire',
    });
    const consents = await stack.query<{ subject: { consents: Array<{ purpose: string; granted: boolean }> } }>(
      'query($id: ID!) { subject(id: $id) { consents { purpose granted } } }',
      { id: child },
    );
    expect(consents.data?.subject.consents).toContainEqual({ purpose: 'RESEARCH', granted: false });

    // Rectification of the child's name.
    const rectified = await rights(
      stack,
      'rectifySubject',
      { subjectId: child, changes: { fullName: 'Zoé Rectifiée' } },
      guardian,
    );
    expect(rectified.errors).toBeUndefined();
    await waitForStatus(stack, rectified.request!.id, ['COMPLETED']);
    expect((await contact(stack, child)).fullName).toBe('Zoé Rectifiée');

    // Access: the package, fetched by the guardian (a dpo releases it first where the policy reviews).
    const exported = await stack.query<{ requestExport: { id: string; status: string } }>(
      'mutation($input: RequestExportInput!) { requestExport(input: $input) { id status } }',
      { input: { subjectId: child } },
      guardian,
    );
    expect(exported.errors).toBeUndefined();
    const exportId = exported.data!.requestExport.id;
    const built = await waitForStatus(stack, exportId, ['COMPLETED', 'AWAITING_REVIEW'], 60_000);
    if (built.status === 'AWAITING_REVIEW') {
      const approved = await stack.query('mutation($id: ID!) { approveExport(id: $id) { id } }', { id: exportId });
      expect(approved.errors).toBeUndefined();
    }
    await waitForStatus(stack, exportId, ['COMPLETED']);
    const pkg = await download(exportId, guardian);
    expect(pkg.status).toBe(200);
    expect(pkg.type).toContain('zip');
    expect(pkg.body.subarray(0, 2).toString('latin1')).toBe('PK');
    // Another child's guardian may not have it.
    expect((await download(exportId, { role: 'guardian', childId: other })).status).toBe(403);

    // The child is told the request came from their legal representative.
    await outboxSettled(stack);
    const told = (await messagesOf(stack, child)).filter((m) => m.request_id === rectified.request!.id);
    expect(told.map((m) => m.kind)).toContain('REQUEST_COMPLETED');
    expect(told.map((m) => m.body).join('\n')).toMatch(/par votre représentant légal|by your legal representative/);

    // Nothing for another subject, and no field of the child read directly: FORBIDDEN, nothing changed.
    const before = await snapshot(stack, MOVING);
    for (const [mutation, input] of [
      ['setConsent', { subjectId: other, purpose: 'RESEARCH', granted: false }],
      ['rectifySubject', { subjectId: other, changes: { fullName: 'Pas Mon Enfant' } }],
      ['eraseSubject', { subjectId: other }],
      ['restrictProcessing', { subjectId: other, scope: 'MARKETING', reason: 'Art. 18(1)(a)' }],
      ['objectToProcessing', { subjectId: other, purpose: 'ANALYTICS' }],
      ['closeAccount', { subjectId: other }],
    ] as const) {
      const res = await rights(stack, mutation, input, guardian);
      expect([mutation, codes(res.errors)]).toEqual([mutation, ['FORBIDDEN']]);
    }
    const foreignExport = await stack.query(
      'mutation($input: RequestExportInput!) { requestExport(input: $input) { id } }',
      { input: { subjectId: other } },
      guardian,
    );
    expect(codes(foreignExport.errors)).toEqual(['FORBIDDEN']);
    // The child's record itself, in every service: refused whole (their copy is the package).
    const read = await stack.query<{ subject: unknown }>(
      'query($id: ID!) { subject(id: $id) { fullName email invoices { number } supportTickets { title } connectionLogs { ip } } }',
      { id: child },
      guardian,
    );
    expect(read.data).toEqual({ subject: null });
    expect(codes(read.errors)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(read)).not.toContain('Zoé');
    expect(await snapshot(stack, MOVING)).toEqual(before);

    // Erasure: the child's account, by the guardian.
    const erased = await rights(stack, 'eraseSubject', { subjectId: child }, guardian);
    expect(erased.errors).toBeUndefined();
    await waitForStatus(stack, erased.request!.id, ['COMPLETED']);
    expect(await subjectStatus(stack, child)).toBe('ERASED');
    expect(await subjectStatus(stack, other)).toBe('ACTIVE');
  });

  it('V45: `npm run token -- --role guardian --child <id>` makes a token that acts for that child; without --child it signs nothing', async () => {
    const env = { AUTH_JWT_SECRET: stack.secrets.caller, AUTH_JWT_PRIVATE_KEY_FILE: undefined };
    const made = await runScript('token', ['--role', 'guardian', '--child', other, '--sub', 'guardian-paul'], env);
    expect(made.status).toBe(0);
    const token = made.stdout.trim();
    const res = await rights(
      stack,
      'setConsent',
      { subjectId: other, purpose: 'ANALYTICS', granted: false },
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect((await request(stack, res.request!.id)).identityVerification).toMatchObject({
      method: 'GUARDIAN_TOKEN',
      verifiedBy: 'guardian-paul',
    });
    const refused = await runScript('token', ['--role', 'guardian'], env);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('--child');
  });

  it('a guardian token without its child, or with a malformed one, is refused at the door', async () => {
    for (const claims of [{ roles: ['guardian' as const] }, { roles: ['guardian' as const], childId: 'not-a-uuid' }]) {
      const token = await stack.token(claims);
      const res = await stack.query('{ __typename }', {}, { token });
      expect(codes(res.errors)).toEqual(['UNAUTHENTICATED']);
    }
  });
});

describe('the guardian message (veloraqenvi)', () => {
  const inbox = new TestInbox();
  let stack: Stack;
  let restoreEnv: () => void;
  const withGuardian = demoId('subject', 3); // 15
  const without = demoId('subject', 6); // made 14 below
  const adult = demoId('subject', 7);
  beforeAll(async () => {
    await inbox.start();
    restoreEnv = setEnv({ ...ENV, SMTP_URL: inbox.url });
    stack = await startStack({ subjects: 12, policy: POLICIES.veloraqenvi });
    await setBirthDate(stack, without, daysBefore(today(), 'P14Y'));
  });
  afterAll(async () => {
    await stack.stop();
    await inbox.stop();
    restoreEnv();
  });

  const arrivedAt = (address: string): ParsedMail[] => inbox.to(address);

  it("O38, V45: a dpo records a minor's guardian, with how the identity was verified", async () => {
    const { errors, request: recorded } = await recordGuardian(stack, {
      subjectId: withGuardian,
      ...CLAIRE,
      email: '  Claire.Martin@Parents.example ',
      identityVerification: DPO_IDENTITY,
    });
    expect(errors).toBeUndefined();
    expect(recorded).toEqual({
      id: expect.any(String),
      type: 'GUARDIAN_CONTACT',
      status: 'COMPLETED',
      subjectId: withGuardian,
      guardian: CLAIRE,
      guardianUnreached: null,
      identityVerification: {
        method: 'IDENTITY_DOCUMENT',
        evidenceRef: DPO_IDENTITY.evidenceRef,
        verifiedBy: 'test-dpo',
      },
    });
    const [audit] = await db(stack, 'requests').query<Array<{ action: string; detail: string }>>(
      'SELECT action, detail FROM audit_event WHERE request_id = ?',
      [recorded!.id],
    );
    expect(audit.action).toBe('GUARDIAN_RECORDED');
    // The audit row says who they are to the child, never their name or address.
    expect(audit.detail).not.toContain('Claire');
    expect(audit.detail).not.toContain('parents.example');
  });

  it("V24, V45: the guardian message reaches the guardian's address at a real SMTP server, not the child's", async () => {
    await sweepAndWait(stack, today());
    const [minorContact] = (await ledgerOf(stack, withGuardian)).filter((r) => r.type === 'MINOR');
    expect(minorContact).toMatchObject({ status: 'RECEIVED', submitted_by: 'lifecycle' });
    expect((await request(stack, minorContact.id)).guardianUnreached).toBe(false);

    const messages = (await messagesOf(stack, withGuardian)).filter((m) => m.kind === 'GUARDIAN_CONTACT');
    expect(messages.map((m) => m.recipient)).toEqual([CLAIRE.email]);
    const [mail] = await eventually(() => {
      const got = arrivedAt(CLAIRE.email);
      return got.length > 0 ? got : undefined;
    }, "the guardian's message");
    expect(mail.subject).toBe('Consentement parental requis');
    expect(mail.text).toContain('Bonjour Claire Martin,');
    const child = await contact(stack, withGuardian);
    expect(mail.text).toContain(`${child.fullName} a un compte`);
    expect(arrivedAt(child.email).filter((m) => m.subject === 'Consentement parental requis')).toEqual([]);
  });

  it('V24: without a guardian contact the message goes to the account address, to the legal representatives, and the dpo sees it unreached', async () => {
    const [minorContact] = (await ledgerOf(stack, without)).filter((r) => r.type === 'MINOR');
    expect(minorContact).toMatchObject({ status: 'RECEIVED' });
    const child = await contact(stack, without);
    const messages = (await messagesOf(stack, without)).filter((m) => m.kind === 'GUARDIAN_CONTACT');
    expect(messages.map((m) => m.recipient)).toEqual([child.email]);
    const [mail] = await eventually(() => {
      const got = arrivedAt(child.email).filter((m) => m.subject === 'Consentement parental requis');
      return got.length > 0 ? got : undefined;
    }, "the message at the account's address");
    expect(mail.text).toContain(`Aux représentants légaux de ${child.fullName},`);
    expect(mail.text).toContain('transmettre à vos parents');
    // The dpo reads it on the contact, and finds every unreached one among the open MINOR requests.
    expect((await request(stack, minorContact.id)).guardianUnreached).toBe(true);
    const open = await stack.query<{
      dataSubjectRequests: { nodes: Array<{ subjectId: string; guardianUnreached: boolean }> };
    }>(
      '{ dataSubjectRequests(filter: { types: [MINOR], open: true }, first: 50) { nodes { subjectId guardianUnreached } } }',
    );
    expect(open.errors).toBeUndefined();
    expect(open.data!.dataSubjectRequests.nodes).toEqual(
      expect.arrayContaining([
        { subjectId: without, guardianUnreached: true },
        { subjectId: withGuardian, guardianUnreached: false },
      ]),
    );
  });

  it('V24, V45: a guardian recorded while the contact runs is written to at once, with the same date to answer by, and is no longer unreached', async () => {
    const [minorContact] = (await ledgerOf(stack, without)).filter((r) => r.type === 'MINOR');
    const paul = { name: 'Paul Durand', email: 'paul.durand@tuteurs.example', relationship: 'LEGAL_GUARDIAN' };
    const { errors } = await recordGuardian(stack, { subjectId: without, ...paul, identityVerification: DPO_IDENTITY });
    expect(errors).toBeUndefined();
    expect((await request(stack, minorContact.id)).guardianUnreached).toBe(false);
    const [mail] = await eventually(() => {
      const got = arrivedAt(paul.email);
      return got.length > 0 ? got : undefined;
    }, "the legal guardian's message");
    expect(mail.subject).toBe('Consentement parental requis');
    expect(mail.text).toContain('Bonjour Paul Durand,');
    // The same date as the first message: recording a guardian gives no extra time.
    const dates = (await messagesOf(stack, without))
      .filter((m) => m.kind === 'GUARDIAN_CONTACT')
      .map((m) => /avant le (.+?),/.exec(m.body)?.[1]);
    expect(dates).toHaveLength(2);
    expect(dates[0]).toBeDefined();
    expect(dates[1]).toBe(dates[0]);
  });

  it('bad input changes nothing and says why: a guardian for an adult, a malformed email, a blank name, no identity check, the wrong role', async () => {
    await outboxSettled(stack);
    const before = await snapshot(stack, MOVING);
    const code = async (input: Record<string, unknown>, as?: As) =>
      codes(
        (
          await recordGuardian(
            stack,
            { subjectId: without, ...CLAIRE, identityVerification: DPO_IDENTITY, ...input },
            as,
          )
        ).errors,
      );
    expect(await code({ subjectId: adult })).toEqual(['NOT_A_MINOR']);
    expect(await code({ subjectId: '7d0b7f0e-0000-4000-8000-000000000000' })).toEqual(['NOT_FOUND']);
    expect(await code({ subjectId: 'not-an-id' })).toEqual(['BAD_USER_INPUT']);
    expect(await code({ email: 'claire.martin' })).toEqual(['BAD_USER_INPUT']);
    expect(await code({ email: 'claire@@parents.example' })).toEqual(['BAD_USER_INPUT']);
    expect(await code({ name: '   ' })).toEqual(['BAD_USER_INPUT']);
    expect(await code({ name: 'x'.repeat(201) })).toEqual(['BAD_USER_INPUT']);
    expect(await code({ relationship: 'NEIGHBOUR' })).toEqual(['BAD_USER_INPUT']);
    expect(await code({ identityVerification: null })).toEqual(['BAD_USER_INPUT']);
    expect(await code({ identityVerification: { method: 'GUARDIAN_TOKEN' } })).toEqual(['BAD_USER_INPUT']);
    expect(await code({}, { role: 'subject', subjectId: without })).toEqual(['FORBIDDEN']);
    expect(await code({}, { role: 'guardian', childId: without })).toEqual(['FORBIDDEN']);
    expect(await code({}, { role: 'support' })).toEqual(['FORBIDDEN']);
    // No message names what was refused.
    const res = await recordGuardian(stack, {
      subjectId: adult,
      ...CLAIRE,
      email: 'marked.value@nowhere.example',
      identityVerification: DPO_IDENTITY,
    });
    expect(JSON.stringify(res.errors)).not.toContain('marked.value');
    expect(await snapshot(stack, MOVING)).toEqual(before);
  });
});

describe('minors under ophelantyra: deleted unless an appropriate parental consent exists', () => {
  let stack: Stack;
  let restoreEnv: () => void;
  const consented = demoId('subject', 3); // 15
  const without = demoId('subject', 6); // made 15 below
  beforeAll(async () => {
    restoreEnv = setEnv(ENV);
    stack = await startStack({ subjects: 12, policy: POLICIES.ophelantyra });
    await setBirthDate(stack, without, daysBefore(today(), 'P15Y'));
  });
  afterAll(async () => {
    await stack.stop();
    restoreEnv();
  });

  it('O22, O38: the sweep erases a minor at once, but keeps one whose parental consent a dpo recorded', async () => {
    const consent = await rights(stack, 'recordParentalConsent', {
      subjectId: consented,
      guardianName: 'Claire Martin (mère)',
      givenOn: today(),
      evidenceRef: 'autorisation parentale signée n° 2026-201',
    });
    expect(consent.errors).toBeUndefined();
    await sweepAndWait(stack, null);
    const erasure = (await ledgerOf(stack, without)).find((r) => r.type === 'ERASURE');
    expect(erasure?.submitted_by).toBe('lifecycle');
    await waitForStatus(stack, erasure!.id, ['COMPLETED']);
    expect(await subjectStatus(stack, without)).toBe('ERASED');
    expect(await subjectStatus(stack, consented)).toBe('ACTIVE');
    expect((await ledgerOf(stack, consented)).map((r) => [r.type, r.status])).toEqual([
      ['PARENTAL_CONSENT', 'COMPLETED'],
    ]);
  });
});
