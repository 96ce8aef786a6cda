import { demoId } from '../common/demo/random';
import { POLICIES } from '../policies';
import { rights, waitForStatus } from './helpers/rights';
import { verifyAuditLog } from '../subgraphs/requests/ledger/audit.verify';
import { line, lines, runRetention, seedBoundaries, waitForRun, type Run, type Seeded } from './helpers/retention';
import { db, snapshot } from './helpers/snapshot';
import { runScript } from './helpers/node-script';
import { startStack, type Stack } from './helpers/stack';

const AS_OF = '2026-11-01';
const asOf = new Date(`${AS_OF}T00:00:00Z`);

/** What a table holds of the three boundary rows: which are still there, and which are anonymised. */
async function present(stack: Stack, name: Parameters<typeof db>[1], table: string, ids: string[], nulled?: string) {
  const rows = await db(stack, name).query<Array<{ id: string; v?: unknown }>>(
    `SELECT id${nulled ? `, ${nulled} AS v` : ''} FROM ${table} WHERE id IN (?, ?, ?)`,
    ids,
  );
  return ids.map((id) => {
    const row = rows.find((r) => r.id === id);
    if (!row) return 'gone';
    return nulled && row.v === null ? 'anonymised' : 'kept';
  });
}

function auditVerify(stack: Stack) {
  return runScript('audit-verify', [], {
    DB: stack.db.kind,
    DATA_DIR: stack.db.sqliteDir,
    DB_PREFIX: stack.db.databasePrefix,
  });
}

describe.each(['ophelantyra', 'veloraqenvi'] as const)('retention sweep under %s', (policyId) => {
  const policy = POLICIES[policyId];
  let stack: Stack;
  let seeded: Seeded;
  let dry: Run;
  let real: Run;
  let before: Record<string, unknown[]>;

  beforeAll(async () => {
    stack = await startStack({ subjects: 2, policy });
    seeded = await seedBoundaries(stack, policy, asOf);
  });
  afterAll(() => stack.stop());

  it(`${policyId === 'ophelantyra' ? 'O20' : 'V5'}: a dry run changes nothing and reports what the real run then applies`, async () => {
    before = await snapshot(stack, ['audit_event']);
    const res = await runRetention(stack, AS_OF, true);
    expect(res.errors).toBeUndefined();
    dry = res.data!.r;
    expect(dry).toMatchObject({ type: 'RETENTION', status: 'COMPLETED', dryRun: true, asOf: AS_OF });
    expect(dry.legs.map((l) => l.subgraph)).toEqual(['profile', 'sessions', 'billing', 'support', 'requests']);
    expect(await snapshot(stack, ['audit_event'])).toEqual(before);

    const started = await runRetention(stack, AS_OF);
    expect(started.errors).toBeUndefined();
    real = await waitForRun(stack, started.data!.r.id);
    const counts = (r: Run) =>
      lines(r).map(({ cutoff: _c, ...l }) => ({ ...l, deleted: l.deleted, anonymised: l.anonymised }));
    expect(counts(real)).toEqual(counts(dry));
    expect(real.legs.every((l) => l.retention?.outcome === 'APPLIED')).toBe(true);
    expect(dry.legs.every((l) => l.retention?.outcome === 'DRY_RUN')).toBe(true);
  });

  it('O17, V21: invoices and payments are kept 7 years (ophelantyra) or 10 (veloraqenvi), and go on the day that period ends, not the day before', async () => {
    expect(await present(stack, 'billing', 'invoice', seeded.ids.invoice)).toEqual(['gone', 'gone', 'kept']);
    expect(await present(stack, 'billing', 'payment', seeded.ids.payment)).toEqual(['gone', 'gone', 'kept']);
    const invoices = line(real, 'billing', 'accounting', 'Invoice');
    // The policies' own words (« sept ans », « dix ans »), not the policy file's value read back.
    expect(invoices).toMatchObject({
      deleted: 2,
      period: policyId === 'ophelantyra' ? 'P7Y' : 'P10Y',
      sentence: policy.retention.accounting.quote,
    });
  });

  if (policyId === 'ophelantyra') {
    it('O3: connection logs (IP address, browser) are deleted 12 months after the visit, as the CNIL recommends', async () => {
      expect(await present(stack, 'sessions', 'connection_log', seeded.ids.connection_log)).toEqual([
        'gone',
        'gone',
        'kept',
      ]);
      expect(line(real, 'sessions', 'connection-logs', 'ConnectionLog')).toMatchObject({ deleted: 2, period: 'P12M' });
    });

    it('O15: sessions of a subject without activity for six months are anonymised, their content kept', async () => {
      expect(await present(stack, 'sessions', 'mentoring_session', seeded.ids.mentoring_session, 'subject_id')).toEqual(
        ['anonymised', 'anonymised', 'kept'],
      );
      const rows = await db(stack, 'sessions').query<Array<Record<string, unknown>>>(
        'SELECT subject_id, mentor_id, notes, goals, challenges, agreed_actions FROM mentoring_session WHERE id = ?',
        [seeded.ids.mentoring_session[0]],
      );
      expect(rows[0]).toEqual({
        subject_id: null,
        mentor_id: null,
        notes: null,
        goals: 'goal',
        challenges: 'challenge',
        agreed_actions: 'action',
      });
      expect(line(real, 'sessions', 'session-data', 'MentoringSession')).toMatchObject({ anonymised: 2, subjects: 2 });
    });
  } else {
    it('V22: connection logs are anonymised after 12 months: no subject, IP address or user agent', async () => {
      expect(await present(stack, 'sessions', 'connection_log', seeded.ids.connection_log, 'ip')).toEqual([
        'anonymised',
        'anonymised',
        'kept',
      ]);
      const rows = await db(stack, 'sessions').query<Array<Record<string, unknown>>>(
        'SELECT subject_id, ip, user_agent, language FROM connection_log WHERE id = ?',
        [seeded.ids.connection_log[1]],
      );
      expect(rows[0]).toEqual({ subject_id: null, ip: null, user_agent: null, language: 'fr-FR' });
    });

    it.each(['TECHNICAL_QUESTION', 'COMMERCIAL_REQUEST', 'COMPLAINT', 'IMPROVEMENT_SUGGESTION'])(
      'V5: a %s is deleted with its messages once its period has passed',
      async (type) => {
        const ids = seeded.ids[`support_ticket:${type}`];
        expect(await present(stack, 'support', 'support_ticket', ids)).toEqual(['gone', 'gone', 'kept']);
        const messages = await db(stack, 'support').query<Array<{ ticket_id: string }>>(
          'SELECT ticket_id FROM support_message WHERE ticket_id IN (?, ?, ?)',
          ids,
        );
        expect(messages.map((m) => m.ticket_id)).toEqual([ids[2]]);
        expect(line(real, 'support', `support:${type}`, 'SupportTicket')).toMatchObject({ deleted: 2, kept: 0 });
      },
    );
  }

  it('O19, O28, V42: what a sweep anonymises is still there for statistics, and no column of it holds anything but the statistic', async () => {
    // ophelantyra anonymises inactive sessions (learning content), veloraqenvi old connection logs.
    const [table, id, statistic] =
      policyId === 'ophelantyra'
        ? [
            'mentoring_session',
            seeded.ids.mentoring_session[0],
            ['agreed_actions', 'challenges', 'duration_minutes', 'goals', 'id', 'scheduled_at'],
          ]
        : [
            'connection_log',
            seeded.ids.connection_log[0],
            ['duration_seconds', 'id', 'language', 'pages', 'started_at'],
          ];
    const rows = await db(stack, 'sessions').query<Array<Record<string, unknown>>>(
      `SELECT * FROM ${table} WHERE id = ?`,
      [id],
    );
    expect(rows).toHaveLength(1);
    // Every column that still holds a value is one the statistic needs: a new identifying column fails here.
    const held = Object.entries(rows[0])
      .filter(([, v]) => v !== null)
      .map(([k]) => k)
      .sort();
    expect(held).toEqual(statistic);
    expect(JSON.stringify(rows[0])).not.toMatch(/203\.0\.113\.7|Mozilla|mentor notes/);
  });

  it('the ledger, the access log and the outbox go after their periods', async () => {
    expect(await present(stack, 'requests', 'rights_request', seeded.ids.rights_request)).toEqual([
      'gone',
      'gone',
      'kept',
    ]);
    expect(await present(stack, 'requests', 'access_log', seeded.ids.access_log)).toEqual(['gone', 'gone', 'kept']);
    expect(await present(stack, 'requests', 'outbox_message', seeded.ids.outbox_message)).toEqual([
      'gone',
      'gone',
      'kept',
    ]);
    expect(line(real, 'requests', 'rights-requests', 'RequestLeg').deleted).toBe(2);
  });

  it('every other record is untouched: the demo population is as it was', async () => {
    const after = await snapshot(stack, [
      'audit_event',
      'rights_request',
      'request_leg',
      'privacy_operation',
      'audit_anchor',
    ]);
    const boundaryIds = Object.values(seeded.ids).flat();
    const withoutBoundary = (s: Record<string, unknown[]>) =>
      Object.fromEntries(
        Object.entries(s)
          .filter(
            ([t]) =>
              !['requests.rights_request', 'requests.request_leg', 'requests.audit_anchor'].some((x) => t === x) &&
              !t.endsWith('privacy_operation'),
          )
          .map(([t, rows]) => [t, rows.filter((r) => !boundaryIds.some((id) => String(r).includes(id)))]),
      );
    expect(withoutBoundary(after)).toEqual(withoutBoundary(before));
  });

  it('O24, V28: pruned audit rows leave audit:verify passing, and an altered row still fails at that row', async () => {
    const pruned = line(real, 'requests', 'audit-log', 'AuditEvent');
    expect(pruned.deleted).toBe(2);
    const first = await db(stack, 'requests').query<Array<{ s: number }>>('SELECT MIN(seq) AS s FROM audit_event');
    expect(Number(first[0].s)).toBe(3);
    const ok = await auditVerify(stack);
    expect(ok.stdout).toContain('audit log intact');
    expect(ok.stdout).toContain('from the anchor at row 2');
    expect(ok.status).toBe(0);
    const [{ actor }] = await db(stack, 'requests').query<
      Array<{
        actor: string;
      }>
    >('SELECT actor FROM audit_event WHERE seq = 4');
    await db(stack, 'requests').query("UPDATE audit_event SET actor = 'someone-else' WHERE seq = 4");
    const broken = await auditVerify(stack);
    expect(broken.stdout).toContain('audit log BROKEN at row 4');
    expect(broken.status).toBe(1);
    await db(stack, 'requests').query('UPDATE audit_event SET actor = ? WHERE seq = 4', [actor]);
  });

  it('running the sweep again for the same date changes nothing', async () => {
    const state = await snapshot(stack, [
      'audit_event',
      'rights_request',
      'request_leg',
      'privacy_operation',
      'audit_anchor',
    ]);
    const again = await runRetention(stack, AS_OF);
    const second = await waitForRun(stack, again.data!.r.id);
    expect(lines(second).every((l) => l.deleted === 0 && l.anonymised === 0)).toBe(true);
    expect(
      await snapshot(stack, ['audit_event', 'rights_request', 'request_leg', 'privacy_operation', 'audit_anchor']),
    ).toEqual(state);
    expect((await verifyAuditLog(db(stack, 'requests'))).broken).toBeNull();
  });

  it('no sweep applies the policy as of a day before it is in force (effectiveDate)', async () => {
    const early = await runRetention(stack, '2025-01-14', true);
    if (!policy.effectiveDate) {
      expect(early.errors).toBeUndefined();
      return;
    }
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'asOf' });
    expect(early.errors?.[0]?.message).toContain(policy.effectiveDate);
    const onTheDay = await runRetention(stack, policy.effectiveDate, true);
    expect(onTheDay.errors).toBeUndefined();
  });
});

describe('retention sweep: holds, outages, erasure, bad input', () => {
  let stack: Stack;
  const saved = process.env.REQUESTS_RETRY_BASE_MS;
  beforeAll(async () => {
    process.env.REQUESTS_RETRY_BASE_MS = '200';
    stack = await startStack({ subjects: 6, policy: POLICIES.veloraqenvi });
  });
  afterAll(async () => {
    await stack.stop();
    if (saved === undefined) delete process.env.REQUESTS_RETRY_BASE_MS;
    else process.env.REQUESTS_RETRY_BASE_MS = saved;
  });

  it('V14: a complaint under dispute survives every sweep until resolved, and the receipt says it was kept and why', async () => {
    const ticket = 'f0000000-0000-4000-8000-000000000001';
    await db(stack, 'support').query(
      "INSERT INTO support_ticket (id, subject_id, type, channel, status, title, contact_email, opened_at, resolved_at, last_contact_at, disputed) VALUES (?, ?, 'COMPLAINT', 'EMAIL', 'OPEN', 'dispute', 'x@example.org', '2019-01-01 00:00:00.000', NULL, '2019-01-02 00:00:00.000', 1)",
      [ticket, 'f0000000-0000-4000-8000-000000000002'],
    );
    const first = await waitForRun(stack, (await runRetention(stack, AS_OF)).data!.r.id);
    expect(line(first, 'support', 'support:COMPLAINT', 'SupportTicket')).toMatchObject({
      deleted: 0,
      kept: 1,
      keptGround: 'ART_17_3_E',
      keptUntilEvent: 'DISPUTE_RESOLVED',
    });
    const second = await waitForRun(stack, (await runRetention(stack, AS_OF)).data!.r.id);
    expect(line(second, 'support', 'support:COMPLAINT', 'SupportTicket').kept).toBe(1);
    expect(await present(stack, 'support', 'support_ticket', [ticket, ticket, ticket])).toEqual([
      'kept',
      'kept',
      'kept',
    ]);

    await db(stack, 'support').query(
      "UPDATE support_ticket SET disputed = 0, resolved_at = '2026-10-30 00:00:00.000' WHERE id = ?",
      [ticket],
    );
    const third = await waitForRun(stack, (await runRetention(stack, AS_OF)).data!.r.id);
    expect(line(third, 'support', 'support:COMPLAINT', 'SupportTicket')).toMatchObject({ deleted: 1, kept: 0 });
  });

  it('V14: what an erasure kept for a dispute stays, once resolved, until the 60 months of complaints have run', async () => {
    const subjectId = demoId('subject', 3);
    const ticket = 'f0000000-0000-4000-8000-000000000003';
    const support = db(stack, 'support');
    const state = async () => (await present(stack, 'support', 'support_ticket', [ticket, ticket, ticket]))[0];
    await support.query(
      "INSERT INTO support_ticket (id, subject_id, type, channel, status, title, contact_email, opened_at, resolved_at, last_contact_at, disputed) VALUES (?, ?, 'COMPLAINT', 'EMAIL', 'OPEN', 'dispute', 'x@example.org', '2024-01-01 00:00:00.000', NULL, '2024-01-02 00:00:00.000', 1)",
      [ticket, subjectId],
    );
    const erasure = await rights(stack, 'eraseSubject', { subjectId });
    await waitForStatus(stack, erasure.request!.id, ['COMPLETED']);
    expect(await state()).toBe('kept');
    // Resolved: the complaint is still within its 60 months from the opening (retention.dispute).
    await support.query("UPDATE support_ticket SET resolved_at = '2026-10-30 00:00:00.000' WHERE id = ?", [ticket]);
    await waitForRun(stack, (await runRetention(stack, AS_OF)).data!.r.id);
    expect(await state()).toBe('kept');
    // Opened more than 60 months before the sweep: it goes.
    await support.query("UPDATE support_ticket SET opened_at = '2019-01-01 00:00:00.000' WHERE id = ?", [ticket]);
    await waitForRun(stack, (await runRetention(stack, AS_OF)).data!.r.id);
    expect(await state()).toBe('gone');
  });

  it('with one subgraph stopped, the sweep stays IN_PROGRESS with that leg pending and completes when it is back', async () => {
    const support = stack.subgraphs.support;
    const port = support.listening.port;
    await support.listening.close();
    let id: string;
    try {
      const res = await runRetention(stack, AS_OF);
      expect(res.errors).toBeUndefined();
      id = res.data!.r.id;
      expect(res.data!.r.status).toBe('IN_PROGRESS');
      const leg = res.data!.r.legs.find((l) => l.subgraph === 'support')!;
      expect(leg.status).toBe('PENDING');
      expect(leg.lastError).toMatch(/support/);
      expect(res.data!.r.legs.filter((l) => l.status === 'DONE').map((l) => l.subgraph)).toEqual([
        'profile',
        'sessions',
        'billing',
        'requests',
      ]);
    } finally {
      support.listening = await support.server.listen(port);
    }
    const done = await waitForRun(stack, id);
    expect(done.legs.find((l) => l.subgraph === 'support')!.attempts).toBeGreaterThan(1);
  });

  it('bad input changes nothing and says why: not a date, a future date, not a dpo', async () => {
    const runsBefore = await stack.query<{ retentionRuns: { nodes: Array<{ id: string }> } }>(
      '{ retentionRuns(first: 100) { nodes { id } } }',
    );
    for (const bad of ['2026-13-01', 'yesterday', "2026-01-01'; DROP TABLE x"]) {
      const res = await runRetention(stack, bad);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'asOf' });
      expect(res.errors?.[0]?.message).not.toContain(bad);
    }
    const future = await runRetention(stack, '2099-01-01');
    expect(future.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const role of ['support', 'tech', 'service', 'subject'] as const) {
      const as = { role, subjectId: role === 'subject' ? 'f0000000-0000-4000-8000-000000000002' : undefined };
      const res = await runRetention(stack, AS_OF, false, as);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const list = await stack.query('{ retentionRuns { nodes { id } } }', {}, as);
      expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const runsAfter = await stack.query<{ retentionRuns: { nodes: Array<{ id: string }> } }>(
      '{ retentionRuns(first: 100) { nodes { id } } }',
    );
    expect(runsAfter.data!.retentionRuns).toEqual(runsBefore.data!.retentionRuns);
  });

  it('the contract refuses any identity but the requests service', async () => {
    const res = await stack.query(
      'mutation { privacyRetain(runId: "f0000000-0000-4000-8000-000000000003", asOf: "2026-11-01T00:00:00Z", dryRun: true) { runId } }',
    );
    // @inaccessible: the gateway cannot even plan it.
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
