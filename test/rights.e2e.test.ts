import { demoId } from '../common/demo/random';
import { FEATURED_INDEX } from '../common/demo/plan';
import { addMonths } from '../common/duration';
import { verifyAuditLog } from '../subgraphs/requests/ledger/audit.verify';
import { RightsRequestEntity } from '../subgraphs/requests/ledger/entities/rights-request.entity';
import { REQUEST_FIELDS, requestById, rights, waitForStatus, type DsRequest } from './helpers/rights';
import { runScript } from './helpers/node-script';
import { startStack, type Stack } from './helpers/stack';

interface Copies {
  fullName: string | null;
  email: string | null;
  phone: string | null;
  billingAccount: { billingName: string; billingEmail: string | null; billingPhone: string | null } | null;
  supportTickets: Array<{ contactEmail: string }>;
}

describe('rectification, restriction, objection, consent, deadlines and the audit log', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12 });
  });
  afterAll(() => stack.stop());

  const copiesOf = async (id: string): Promise<Copies> => {
    const res = await stack.query<{ subject: Copies }>(
      `query($id: ID!) { subject(id: $id) { fullName email phone billingAccount { billingName billingEmail billingPhone } supportTickets { contactEmail } } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.subject;
  };
  const ledgerDb = () => stack.subgraphs.requests.server.db.dataSource;

  it('a rectification of name and phone reaches every copy', async () => {
    const id = demoId('subject', FEATURED_INDEX.golden);
    const res = await rights(stack, 'rectifySubject', {
      subjectId: id,
      changes: { fullName: 'Élodie Dupré', phone: '+33 6 12 34 56 78' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.request).toMatchObject({
      type: 'RECTIFICATION',
      status: 'COMPLETED',
      changedFields: ['fullName', 'phone'],
      awaitingConfirmation: false,
    });
    const copies = await copiesOf(id);
    expect(copies).toMatchObject({
      fullName: 'Élodie Dupré',
      phone: '+33 6 12 34 56 78',
      billingAccount: { billingName: 'Élodie Dupré', billingPhone: '+33 6 12 34 56 78' },
    });
    // Art. 19: whoever received the name is to be told.
    expect(res.request!.recipientsToNotify).toEqual(expect.arrayContaining(['MENTOR', 'HOSTING_PROVIDER']));
    // Closed: the new values are no longer kept in the ledger.
    const [row] = await ledgerDb().query<Array<{ details: string }>>(
      'SELECT details FROM rights_request WHERE id = ?',
      [res.request!.id],
    );
    expect(row.details).not.toContain('Élodie Dupré');
  });

  it('a new email changes nothing until confirmed from the new address, then every copy', async () => {
    const id = demoId('subject', FEATURED_INDEX.disputedComplaint);
    const before = await copiesOf(id);
    expect(before.supportTickets.length).toBeGreaterThan(0);
    const res = await rights(stack, 'rectifySubject', {
      subjectId: id,
      changes: { email: 'Bernard.Nouveau@example.org' },
    });
    expect(res.request).toMatchObject({ status: 'RECEIVED', awaitingConfirmation: true, changedFields: ['email'] });
    expect(res.request!.legs.every((l) => l.status === 'PENDING' && l.attempts === 0)).toBe(true);
    expect(await copiesOf(id)).toEqual(before);

    // One code, to the new address (the receipt notice goes to the address on file: mail.e2e).
    const mail = await ledgerDb().query<Array<{ recipient: string; body: string }>>(
      "SELECT recipient, body FROM outbox_message WHERE request_id = ? AND kind = 'EMAIL_CONFIRMATION'",
      [res.request!.id],
    );
    expect(mail).toHaveLength(1);
    expect(mail[0].recipient).toBe('Bernard.Nouveau@example.org');
    const token = /\n\n([A-Za-z0-9_-]{43})\n\n/.exec(mail[0].body)![1];

    const confirm = (t: string, as?: Parameters<Stack['query']>[2]) =>
      stack.query<{ confirmEmailChange: DsRequest }>(
        `mutation($t: String!) { confirmEmailChange(token: $t) { ${REQUEST_FIELDS} } }`,
        { t },
        as,
      );
    const wrong = await confirm('A'.repeat(43));
    expect(wrong.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
    const otherSubject = await confirm(token, { role: 'subject', subjectId: demoId('subject', FEATURED_INDEX.golden) });
    expect(otherSubject.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
    expect(await copiesOf(id)).toEqual(before);

    const ok = await confirm(token, { role: 'subject', subjectId: id });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.confirmEmailChange).toMatchObject({ status: 'COMPLETED', awaitingConfirmation: false });
    const after = await copiesOf(id);
    expect(after.email).toBe('Bernard.Nouveau@example.org');
    expect(after.billingAccount?.billingEmail).toBe('Bernard.Nouveau@example.org');
    expect(after.supportTickets.map((t) => t.contactEmail)).toEqual(
      before.supportTickets.map(() => 'Bernard.Nouveau@example.org'),
    );
    const found = await stack.query<{ subjectByEmail: { id: string } }>(
      `{ subjectByEmail(email: "bernard.nouveau@example.org") { id } }`,
    );
    expect(found.data!.subjectByEmail.id).toBe(id);
    // A code works once.
    expect((await confirm(token)).errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
  });

  it('refuses a rectification that is not one, without echoing it', async () => {
    const id = demoId('subject', FEATURED_INDEX.rtl);
    for (const changes of [
      {},
      { email: 'not-an-email' },
      { fullName: ' ' },
      { fullName: 'x'.repeat(201) },
      { phone: 'call me <script>' },
    ]) {
      const res = await rights(stack, 'rectifySubject', { subjectId: id, changes });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(res.errors)).not.toContain('<script>');
    }
    const listed = await stack.query<{ dataSubjectRequests: { nodes: unknown[] } }>(
      `query($s: ID!) { dataSubjectRequests(filter: { subjectId: $s }) { nodes { id } } }`,
      { s: id },
    );
    expect(listed.data!.dataSubjectRequests.nodes).toEqual([]);
  });

  describe('processing lists', () => {
    const audience = async (purpose: string): Promise<string[]> => {
      const res = await stack.query<{ processingAudience: string[] }>(
        `query($p: ConsentPurpose!) { processingAudience(purpose: $p, limit: 1000) }`,
        { p: purpose },
        { role: 'service' },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.processingAudience;
    };
    const completed = async (mutation: string, input: Record<string, unknown>) => {
      const res = await rights(stack, mutation, input);
      expect(res.errors).toBeUndefined();
      expect(res.request!.status).toBe('COMPLETED');
      return res.request!;
    };

    it('a restriction takes the subject out of the processing it covers, and lifting it puts them back', async () => {
      const [id] = (await audience('MARKETING')).filter((s) => s !== demoId('subject', FEATURED_INDEX.golden));
      expect(id).toBeDefined();
      await completed('restrictProcessing', {
        subjectId: id,
        scope: 'MARKETING',
        reason: 'Art. 18(1)(a): accuracy contested',
      });
      expect(await audience('MARKETING')).not.toContain(id);
      // Restricted, still stored and exported.
      const stored = await stack.query<{
        subject: {
          fullName: string;
          processingRestrictions: Array<{ kind: string; scope: string; liftedAt: string | null }>;
        };
      }>(`query($id: ID!) { subject(id: $id) { fullName processingRestrictions { kind scope liftedAt } } }`, { id });
      expect(stored.data!.subject.fullName).toEqual(expect.any(String));
      expect(stored.data!.subject.processingRestrictions).toEqual([
        { kind: 'RESTRICTION', scope: 'MARKETING', liftedAt: null },
      ]);
      await completed('liftRestriction', { subjectId: id, scope: 'MARKETING' });
      expect(await audience('MARKETING')).toContain(id);
    });

    it('an objection takes the subject out; consenting again brings them back', async () => {
      // Marketing: at once (an objection on legitimate interest is examined first: restriction-data.e2e).
      const [id] = await audience('MARKETING');
      expect(id).toBeDefined();
      await completed('objectToProcessing', { subjectId: id, purpose: 'MARKETING' });
      expect(await audience('MARKETING')).not.toContain(id);
      await completed('setConsent', { subjectId: id, purpose: 'MARKETING', granted: true });
      expect(await audience('MARKETING')).toContain(id);
    });

    it('withdrawing consent takes the subject out, granting it puts them back', async () => {
      const [id] = await audience('MARKETING');
      await completed('setConsent', { subjectId: id, purpose: 'MARKETING', granted: false });
      expect(await audience('MARKETING')).not.toContain(id);
      await completed('setConsent', { subjectId: id, purpose: 'MARKETING', granted: true });
      expect(await audience('MARKETING')).toContain(id);
    });

    it('O6, O21: the employer-report list holds only subjects whose consent is in force; withdrawn, they leave it at once, and what was given before stays recorded with its date', async () => {
      type Consent = { purpose: string; granted: boolean; history: Array<{ granted: boolean; recordedAt: string }> };
      const consents = async (ids: string[]) =>
        (
          await stack.query<{ subjects: Array<{ id: string; consents: Consent[] }> }>(
            `query($ids: [ID!]!) { subjects(ids: $ids) { id consents { purpose granted history { granted recordedAt } } } }`,
            { ids },
          )
        ).data!.subjects;
      const employer = (c: Consent[]) => c.find((x) => x.purpose === 'EMPLOYER_REPORTING');
      const listed = await audience('EMPLOYER_REPORTING');
      expect(listed.length).toBeGreaterThan(0);
      // Only with explicit consent: every subject an employer report would cover consented.
      for (const s of await consents(listed)) expect(employer(s.consents)?.granted).toBe(true);
      const id = listed[0];
      const before = employer((await consents([id]))[0].consents)!;
      await completed('setConsent', { subjectId: id, purpose: 'EMPLOYER_REPORTING', granted: false });
      expect(await audience('EMPLOYER_REPORTING')).not.toContain(id);
      const after = employer((await consents([id]))[0].consents)!;
      expect(after.granted).toBe(false);
      // Not retroactive: the consent given before is still there, as it was, before the withdrawal.
      expect(after.history).toEqual(expect.arrayContaining(before.history));
      expect(after.history).toHaveLength(before.history.length + 1);
      const withdrawal = after.history.find((h) => !before.history.some((b) => b.recordedAt === h.recordedAt));
      expect(withdrawal?.granted).toBe(false);
      await completed('setConsent', { subjectId: id, purpose: 'EMPLOYER_REPORTING', granted: true });
    });

    it('a restriction of ALL takes the subject out of every list', async () => {
      const [id] = await audience('PERSONALISED_RECOMMENDATIONS');
      await completed('restrictProcessing', {
        subjectId: id,
        scope: 'ALL',
        reason: 'Art. 18(1)(d): objection pending verification',
      });
      for (const purpose of [
        'MARKETING',
        'ANALYTICS',
        'PERSONALISED_RECOMMENDATIONS',
        'RESEARCH',
        'EMPLOYER_REPORTING',
      ])
        expect(await audience(purpose)).not.toContain(id);
      await completed('liftRestriction', { subjectId: id, scope: 'ALL' });
      expect(await audience('PERSONALISED_RECOMMENDATIONS')).toContain(id);
    });
  });

  describe('deadlines', () => {
    let open: DsRequest;
    beforeAll(async () => {
      // Waiting for its email confirmation: open, and it stays so.
      const res = await rights(stack, 'rectifySubject', {
        subjectId: demoId('subject', FEATURED_INDEX.minor),
        changes: { email: 'noe.nouveau@example.fr' },
      });
      open = res.request!;
    });

    it("is one month from receipt, or the policy's shorter promise", async () => {
      expect(new Date(open.dueAt).toISOString()).toBe(addMonths(new Date(open.receivedAt), 1).toISOString());
      const erasure = await rights(stack, 'eraseSubject', {
        subjectId: demoId('subject', FEATURED_INDEX.inactive37Months),
      });
      // ophelantyra: « dans un délai de trente jours ».
      expect(new Date(erasure.request!.dueAt).getTime() - new Date(erasure.request!.receivedAt).getTime()).toBe(
        30 * 86_400_000,
      );
    });

    it('lists a request past its due date as overdue', async () => {
      const overdue = () =>
        stack.query<{ dataSubjectRequests: { nodes: Array<{ id: string; overdue: boolean }> } }>(
          `{ dataSubjectRequests(filter: { overdue: true }) { nodes { id overdue } } }`,
        );
      expect((await overdue()).data!.dataSubjectRequests.nodes.map((r) => r.id)).not.toContain(open.id);
      // Time passes: the request was received two months ago.
      const past = new Date(Date.now() - 62 * 86_400_000);
      await ledgerDb()
        .getRepository(RightsRequestEntity)
        .update({ id: open.id }, { receivedAt: past, initialDueAt: addMonths(past, 1), dueAt: addMonths(past, 1) });
      expect((await overdue()).data!.dataSubjectRequests.nodes).toEqual(
        expect.arrayContaining([{ id: open.id, overdue: true }]),
      );
    });

    it('extends by two months at most, and only with a reason', async () => {
      const extend = (reason: string, months?: number) =>
        stack.query<{ extendDeadline: DsRequest }>(
          `mutation($id: ID!, $reason: String!, $months: Int) { extendDeadline(id: $id, reason: $reason, months: $months) { id dueAt extendedMonths extensionReason overdue } }`,
          { id: open.id, reason, months },
        );
      expect((await extend('   ', 1)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect((await extend('complex', 3)).errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argumentName: 'months',
      });
      const initial = await ledgerDb().query<Array<{ d: string | Date }>>(
        'SELECT initial_due_at AS d FROM rights_request WHERE id = ?',
        [open.id],
      );
      const first = await extend('Many requests from this subject at once (Art. 12(3))', 1);
      expect(first.errors).toBeUndefined();
      expect(first.data!.extendDeadline).toMatchObject({
        extendedMonths: 1,
        extensionReason: 'Many requests from this subject at once (Art. 12(3))',
      });
      expect(first.data!.extendDeadline.dueAt).toBe(addMonths(new Date(initial[0].d), 1).toISOString());
      expect((await extend('more', 2)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect((await extend('more', 1)).data!.extendDeadline.extendedMonths).toBe(2);
      expect((await extend('more', 1)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      // Only a DPO decides.
      const asSupport = await stack.query(
        `mutation($id: ID!) { extendDeadline(id: $id, reason: "x", months: 1) { id } }`,
        { id: open.id },
        { role: 'support' },
      );
      expect(asSupport.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('rejects with a reason only, and a rejected request is closed', async () => {
      const reject = (reason: string) =>
        stack.query<{ rejectRequest: DsRequest }>(
          `mutation($id: ID!, $r: String!) { rejectRequest(id: $id, reason: $r) { id status rejectionReason legs { status } } }`,
          { id: open.id, r: reason },
        );
      expect((await reject('')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const done = await reject('Manifestly unfounded (Art. 12(5))');
      expect(done.data!.rejectRequest).toMatchObject({
        status: 'REJECTED',
        rejectionReason: 'Manifestly unfounded (Art. 12(5))',
      });
      expect(done.data!.rejectRequest.legs.every((l) => l.status === 'CANCELLED')).toBe(true);
      expect((await reject('again')).errors?.[0]?.extensions?.code).toBe('REQUEST_CLOSED');
    });
  });

  it('concurrent erasure and rectification of one subject end consistent: erased everywhere', async () => {
    const id = demoId('subject', FEATURED_INDEX.assignmentEnded);
    const [erase, rectify] = await Promise.all([
      rights(stack, 'eraseSubject', { subjectId: id }),
      rights(stack, 'rectifySubject', {
        subjectId: id,
        changes: { fullName: 'Hugo Renommé', phone: '+33 7 00 00 00 00' },
      }),
    ]);
    expect(erase.errors).toBeUndefined();
    const erasure = await waitForStatus(stack, erase.request!.id, ['COMPLETED']);
    if (rectify.request) {
      const r = await waitForStatus(stack, rectify.request.id, ['COMPLETED']);
      // Each leg either ran before the erasure (its copy then erased) or found the subject erased.
      expect(r.legs.every((l) => ['APPLIED', 'SUBJECT_ERASED'].includes(l.receipt!.outcome))).toBe(true);
    } else {
      expect(rectify.errors?.[0]?.extensions?.code).toBe('SUBJECT_ERASED');
    }
    expect(erasure.legs.every((l) => l.status === 'DONE')).toBe(true);
    const after = await stack.query<{ subject: Copies & { status: string } }>(
      `query($id: ID!) { subject(id: $id) { status fullName email phone billingAccount { billingName billingEmail billingPhone } supportTickets { contactEmail } } }`,
      { id },
    );
    expect(after.data!.subject).toMatchObject({ status: 'ERASED', fullName: null, email: null, phone: null });
    if (after.data!.subject.billingAccount)
      expect(after.data!.subject.billingAccount).toMatchObject({ billingEmail: null, billingPhone: null });
    // Nothing comes back afterwards: a rectification now is refused.
    const late = await rights(stack, 'rectifySubject', { subjectId: id, changes: { fullName: 'Hugo Revenant' } });
    expect(late.errors?.[0]?.extensions?.code).toBe('SUBJECT_ERASED');
  });

  it('V44: every change a service made to a subject’s data is under a request of the ledger, for that subject, with its audit trail', async () => {
    const requests = new Map(
      (
        await ledgerDb().query<Array<{ id: string; subject_id: string | null }>>(
          'SELECT id, subject_id FROM rights_request',
        )
      ).map((r) => [r.id, r.subject_id]),
    );
    const audited = new Set(
      (
        await ledgerDb().query<Array<{ r: string }>>(
          'SELECT DISTINCT request_id AS r FROM audit_event WHERE request_id IS NOT NULL',
        )
      ).map((a) => a.r),
    );
    const operations: Array<{ subgraph: string; request: string; subject: string }> = [];
    for (const name of ['profile', 'sessions', 'billing', 'support'] as const) {
      const rows = await stack.subgraphs[name].server.db.dataSource.query<
        Array<{ request_id: string; subject_id: string }>
      >('SELECT request_id, subject_id FROM privacy_operation');
      operations.push(...rows.map((r) => ({ subgraph: name, request: r.request_id, subject: r.subject_id })));
    }
    // The tests above rectified, restricted, objected and consented: profile at least changed.
    expect(operations.filter((o) => o.subgraph === 'profile').length).toBeGreaterThan(5);
    const untraced = operations.filter(
      (o) => !requests.has(o.request) || requests.get(o.request) !== o.subject || !audited.has(o.request),
    );
    expect(untraced).toEqual([]);
  });

  it('chains every ledger action in the audit log; altering one row breaks it at that row', async () => {
    const intact = await verifyAuditLog(ledgerDb());
    expect(intact.broken).toBeNull();
    expect(intact.rows).toBeGreaterThan(10);

    const verify = () =>
      runScript('audit-verify', [], {
        DB: stack.db.kind,
        DATA_DIR: stack.db.sqliteDir,
        DB_PREFIX: stack.db.databasePrefix,
      });
    const ok = await verify();
    expect(ok.stdout).toContain(`audit log intact: ${intact.rows} rows`);
    expect(ok.status).toBe(0);

    // Someone rewrites history: the actor of row 3 becomes someone else.
    await ledgerDb().query("UPDATE audit_event SET actor = 'someone-else' WHERE seq = 3");
    const broken = await verify();
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('audit log BROKEN at row 3');
    expect((await verifyAuditLog(ledgerDb())).broken).toEqual({ seq: 3, reason: expect.stringContaining('altered') });

    // Removing a row instead is caught too.
    await ledgerDb().query(
      'UPDATE audit_event SET actor = (SELECT actor FROM audit_event WHERE seq = 2) WHERE seq = 3',
    );
    await ledgerDb().query('DELETE FROM audit_event WHERE seq = 5');
    expect((await verifyAuditLog(ledgerDb())).broken?.seq).toBeLessThanOrEqual(6);
  });

  it('refuses an oversized or hostile reason, and records nothing', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.emojiCjk);
    const count = async () =>
      (await ledgerDb().query<Array<{ n: number | string }>>('SELECT COUNT(*) AS n FROM rights_request'))[0].n;
    const before = await count();
    for (const reason of ['x'.repeat(1001), 'ok\u0000<script>alert(1)</script>', '   ']) {
      const res = await rights(stack, 'restrictProcessing', { subjectId, scope: 'MARKETING', reason });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.reason' });
      expect(JSON.stringify(res.errors)).not.toContain('<script>');
    }
    expect(await count()).toEqual(before);
  });

  it('with profile down, says so and records nothing; with it back, goes on', async () => {
    const subjectId = demoId('subject', FEATURED_INDEX.emojiCjk);
    const profile = stack.subgraphs.profile;
    const port = profile.listening.port;
    await profile.listening.close();
    try {
      const res = await rights(stack, 'restrictProcessing', { subjectId, scope: 'MARKETING', reason: 'Art. 18(1)(a)' });
      expect(res.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE' }) }),
      ]);
      expect(res.errors?.[0]?.message).not.toMatch(/127\.0\.0\.1|localhost|ECONNREFUSED/);
      const listed = await stack.query<{ dataSubjectRequests: { nodes: unknown[] } }>(
        `query($s: ID!) { dataSubjectRequests(filter: { subjectId: $s }) { nodes { id } } }`,
        { s: subjectId },
      );
      expect(listed.data!.dataSubjectRequests.nodes).toEqual([]);
    } finally {
      profile.listening = await profile.server.listen(port);
    }
    const again = await rights(stack, 'restrictProcessing', { subjectId, scope: 'MARKETING', reason: 'Art. 18(1)(a)' });
    expect(again.request?.status).toBe('COMPLETED');
  });

  it('answers an unknown request id with null for a DPO and FORBIDDEN for a subject', async () => {
    const unknown = '00000000-0000-4000-8000-000000000001';
    expect(await requestById(stack, unknown)).toBeNull();
    const asSubject = await stack.query(
      `query($id: ID!) { dataSubjectRequest(id: $id) { id } }`,
      { id: unknown },
      { role: 'subject', subjectId: demoId('subject', 1) },
    );
    expect(asSubject.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
