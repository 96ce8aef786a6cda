import { demoId } from '../common/demo/random';
import type { Role } from '../common/access';
import { scrape, type Scrape } from './helpers/metrics';
import { startStack, type As, type GraphQLResponse, type Stack } from './helpers/stack';

/**
 * The access log: every staff read of a subject leaves an entry (who, with which roles, which
 * fields) in the requests service, readable by the dpo only; a subject reading themself leaves
 * none; and when the entry cannot be written, the data is withheld. Requests answered together
 * are written together (decision 300), each still recorded before its answer, or refused.
 */

interface Entry {
  at: string;
  principal: string;
  roles: string[];
  subjectId: string;
  fields: string[];
  requestId: string;
  operationName: string | null;
}

const ENTRY_FIELDS = 'at principal roles subjectId fields requestId operationName';
const subject = (i: number): string => demoId('subject', i);
const staff = (sub: string, role: Role = 'support'): As => ({ role, sub });

describe('the access log of staff reads', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ subjects: 34 });
  });
  afterAll(() => stack.stop());

  /** The log as the dpo reads it through the gateway. */
  async function accessLog(filter: { subjectId?: string; principal?: string }): Promise<Entry[]> {
    const res = await stack.query<{ accessLog: { nodes: Entry[] } }>(
      `query($s: ID, $p: String, $n: Int) { accessLog(filter: { subjectId: $s, principal: $p }, first: $n) { nodes { ${ENTRY_FIELDS} } } }`,
      { s: filter.subjectId ?? null, p: filter.principal ?? null, n: 200 },
      { role: 'dpo', sub: 'dpo@org' },
    );
    expect(res.errors).toBeUndefined();
    return res.data?.accessLog?.nodes ?? [];
  }

  it('O24, V28: records a staff read under the staff member’s own identifier: principal, roles, subject and exactly the DataSubject fields read; newest first', async () => {
    const id = subject(1);
    const before = Date.now();
    const read = await stack.query<{
      subject: { fullName: string; email: string; supportTickets: Array<{ id: string }> };
    }>(
      'query StaffLookup($id: ID!) { subject(id: $id) { fullName email supportTickets { id } } }',
      { id },
      staff('alice@staff'),
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.subject.fullName).toBe('Zoé 🚀 山田花子');

    const [entry] = await accessLog({ subjectId: id });
    expect(entry).toEqual({
      at: expect.any(String),
      principal: 'alice@staff',
      roles: ['support'],
      subjectId: id,
      // `id` was not asked for, but it was read: the gateway takes it from profile to fetch the
      // tickets from support. A read that stays in profile does not read it (bob's, below).
      fields: ['email', 'fullName', 'id', 'supportTickets'],
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      operationName: 'StaffLookup',
    });
    // When the read happened, to the millisecond, whatever the database's time zone.
    expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(entry.at)).toBeLessThanOrEqual(Date.now());

    const second = await stack.query('query { subject(id: "' + id + '") { phone } }', undefined, staff('bob@staff'));
    expect(second.errors).toBeUndefined();
    const log = await accessLog({ subjectId: id });
    expect(log.map((e) => [e.principal, e.fields, e.operationName])).toEqual([
      ['bob@staff', ['phone'], null],
      ['alice@staff', ['email', 'fullName', 'id', 'supportTickets'], 'StaffLookup'],
    ]);
    expect(log[0].requestId).not.toBe(log[1].requestId);
    expect(Date.parse(log[0].at)).toBeGreaterThan(Date.parse(log[1].at));
  });

  it('does not record a field the role was refused', async () => {
    const id = subject(2);
    const read = await stack.query<{ subject: { fullName: string; connectionLogs: unknown } | null }>(
      'query($id: ID!) { subject(id: $id) { fullName connectionLogs { id } } }',
      { id },
      staff('carol@staff'),
    );
    expect(read.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['FORBIDDEN', ['subject', 'connectionLogs']],
    ]);
    expect(read.data?.subject?.fullName).toBe('ليلى حداد');
    const log = await accessLog({ principal: 'carol@staff' });
    expect(log.map((e) => [e.subjectId, e.fields])).toEqual([[id, ['fullName', 'id']]]);
  });

  it('records nothing when a subject reads their own data', async () => {
    const id = subject(3);
    const read = await stack.query<{
      subject: { fullName: string; email: string; invoices: unknown[]; supportTickets: unknown[] };
    }>(
      'query($id: ID!) { subject(id: $id) { fullName email invoices { number } supportTickets { id } connectionLogs { id } } }',
      { id },
      { role: 'subject', subjectId: id, sub: 'noe.petit' },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.subject.fullName).toBe('Noé Petit');
    expect(await accessLog({ subjectId: id })).toEqual([]);
    expect(await accessLog({ principal: 'noe.petit' })).toEqual([]);
  });

  it("O24: records a dpo's read of a subject, but not the dpo reading the access log", async () => {
    const before = await accessLog({});
    for (let i = 0; i < 3; i++) await accessLog({ subjectId: subject(1) });
    expect(await accessLog({})).toEqual(before);
    expect(await accessLog({ principal: 'dpo@org' })).toEqual([]);

    // Control: the same dpo reading a subject is a staff read like any other.
    const read = await stack.query(
      'query($id: ID!) { subject(id: $id) { birthDate } }',
      { id: subject(4) },
      { role: 'dpo', sub: 'dpo@org' },
    );
    expect(read.errors).toBeUndefined();
    expect((await accessLog({ principal: 'dpo@org' })).map((e) => [e.subjectId, e.roles, e.fields])).toEqual([
      [subject(4), ['dpo'], ['birthDate']],
    ]);
  });

  it.each<[string, As]>([
    ['support', { role: 'support' }],
    ['tech', { role: 'tech' }],
    ['mentor', { role: 'mentor', mentorId: demoId('mentor', 0) }],
    ['subject', { role: 'subject', subjectId: subject(1) }],
    ['service', { role: 'service' }],
  ])('refuses the access log to %s (FORBIDDEN)', async (_role, as) => {
    const res: GraphQLResponse<{ accessLog: { nodes: Entry[] } | null }> = await stack.query(
      `query($s: ID) { accessLog(filter: { subjectId: $s }) { nodes { ${ENTRY_FIELDS} } } }`,
      { s: subject(1) },
      as,
    );
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(res.data?.accessLog ?? null).toBeNull();
  });

  it('V28: records one entry per subject when staff read 30 subjects at once', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => subject(i + 4));
    const read = await stack.query<{ subjects: Array<{ id: string; fullName: string }> }>(
      'query($ids: [ID!]!) { subjects(ids: $ids) { id fullName } }',
      { ids },
      staff('bulk@staff'),
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.subjects.map((s) => s.id)).toEqual(ids);
    const log = await accessLog({ principal: 'bulk@staff' });
    expect(log).toHaveLength(30);
    expect(log.map((e) => e.subjectId).sort()).toEqual([...ids].sort());
    expect(log.every((e) => e.fields.join() === 'fullName,id' && e.roles.join() === 'support')).toBe(true);
    // One request: one request id across its entries.
    expect(new Set(log.map((e) => e.requestId)).size).toBe(1);
  });

  it('V28: withholds the data when the access log cannot be written (fails closed); a subject reading themself is unaffected', async () => {
    const requests = stack.subgraphs.requests;
    const port = requests.listening.port;
    await requests.listening.close();
    try {
      const res = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await stack.token({ roles: ['support'], sub: 'dave@staff' })}`,
        },
        body: JSON.stringify({
          query: 'query($id: ID!) { subject(id: $id) { fullName email } }',
          variables: { id: subject(5) },
        }),
      });
      const body = (await res.json()) as GraphQLResponse<unknown>;
      expect(res.status).toBe(503);
      expect(body.data).toBeUndefined();
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['ACCESS_LOG_UNAVAILABLE']);
      expect(JSON.stringify(body)).not.toContain('Rousseau');

      const self = await stack.query<{ subject: { fullName: string } }>(
        'query($id: ID!) { subject(id: $id) { fullName } }',
        { id: subject(5) },
        { role: 'subject', subjectId: subject(5) },
      );
      expect(self.errors).toBeUndefined();
      expect(self.data?.subject.fullName).toBe('Nadia Rousseau');
    } finally {
      requests.listening = await requests.server.listen(port);
    }
    // Back up: the refused read left no entry, and a new one is recorded again.
    expect(await accessLog({ principal: 'dave@staff' })).toEqual([]);
    const again = await stack.query(
      'query($id: ID!) { subject(id: $id) { fullName } }',
      { id: subject(5) },
      staff('dave@staff'),
    );
    expect(again.errors).toBeUndefined();
    expect((await accessLog({ principal: 'dave@staff' })).map((e) => e.subjectId)).toEqual([subject(5)]);
  });

  describe('many staff reads at once (group commits, decision 300)', () => {
    const CONCURRENT = 30;
    const ids = Array.from({ length: CONCURRENT }, (_, i) => subject(i + 4));
    /** A dpo's read across three subgraphs: profile, billing, support. */
    const READ =
      'query Lookup($id: ID!) { subject(id: $id) { id fullName email invoices { number } supportTickets { id } } }';
    const FIELDS_READ = ['email', 'fullName', 'id', 'invoices', 'supportTickets'];
    const requestsUrl = (): string => stack.subgraphs.requests.listening.url;
    const writes = (after: Scrape, before: Scrape, outcome: 'ok' | 'failed') => ({
      posts:
        after.value('access_log_batch_entries_count', { outcome }) -
        before.value('access_log_batch_entries_count', { outcome }),
      entries:
        after.value('access_log_batch_entries_sum', { outcome }) -
        before.value('access_log_batch_entries_sum', { outcome }),
    });

    /** A read as a client sees it: the HTTP status and the whole body. */
    async function read(id: string, sub: string): Promise<{ status: number; body: GraphQLResponse<unknown> }> {
      const res = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await stack.token({ roles: ['dpo'], sub })}`,
        },
        body: JSON.stringify({ query: READ, variables: { id } }),
      });
      return { status: res.status, body: (await res.json()) as GraphQLResponse<unknown> };
    }

    it('V28: 30 staff reads at once are each recorded exactly once, under their reader, in fewer writes than requests, one INSERT each', async () => {
      const reader = (i: number): string => `reader-${i}@org`;
      const before = await scrape(requestsUrl());
      stack.resetCounters();
      const answers = await Promise.all(ids.map((id, i) => read(id, reader(i))));
      const sql = stack.subgraphs.requests.server.sql;
      const statements = { total: sql.total, texts: [...sql.statements] };
      const after = await scrape(requestsUrl());

      for (const [i, a] of answers.entries()) {
        expect(a.status).toBe(200);
        expect(a.body.errors).toBeUndefined();
        expect((a.body.data as { subject: { id: string } }).subject.id).toBe(ids[i]);
      }
      // What reached the requests service: every entry, in fewer POSTs than requests, and each
      // POST one INSERT (and nothing else: this read asks nothing of requests).
      const ok = writes(after, before, 'ok');
      expect(ok.entries).toBe(CONCURRENT);
      expect(ok.posts).toBeGreaterThan(0);
      expect(ok.posts).toBeLessThan(CONCURRENT);
      expect(writes(after, before, 'failed').posts).toBe(0);
      expect(statements.total).toBe(ok.posts);
      expect(statements.texts.filter((t) => !/^INSERT INTO [`"]access_log[`"]/.test(t))).toEqual([]);

      const requestIds = new Set<string>();
      for (const [i, id] of ids.entries()) {
        const log = await accessLog({ principal: reader(i) });
        expect(log).toEqual([
          {
            at: expect.any(String),
            principal: reader(i),
            roles: ['dpo'],
            subjectId: id,
            fields: FIELDS_READ,
            requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
            operationName: 'Lookup',
          },
        ]);
        requestIds.add(log[0].requestId);
      }
      expect(requestIds.size).toBe(CONCURRENT);
    });

    it('V28: when a write carrying several requests fails, every request in it is refused (ACCESS_LOG_UNAVAILABLE) and none gets data', async () => {
      const refused = (i: number): string => `refused-${i}@org`;
      // The INSERT fails in the requests service (the POSTs reach it, and it answers 500).
      const db = stack.subgraphs.requests.server.db.dataSource;
      await db.query('ALTER TABLE access_log RENAME TO access_log_away');
      let answers: Array<{ status: number; body: GraphQLResponse<unknown> }>;
      let before: Scrape;
      let after: Scrape;
      try {
        before = await scrape(requestsUrl());
        answers = await Promise.all(ids.map((id, i) => read(id, refused(i))));
        after = await scrape(requestsUrl());
      } finally {
        await db.query('ALTER TABLE access_log_away RENAME TO access_log');
      }
      for (const a of answers) {
        expect(a.status).toBe(503);
        expect(a.body).toEqual({
          errors: [
            {
              message: 'The read could not be recorded in the access log, so its data is withheld. Try again.',
              extensions: { code: 'ACCESS_LOG_UNAVAILABLE' },
            },
          ],
        });
      }
      // The failed POSTs held every request's entries, several requests to a POST.
      const failed = writes(after, before, 'failed');
      expect(failed.entries).toBe(CONCURRENT);
      expect(failed.posts).toBeGreaterThan(0);
      expect(failed.posts).toBeLessThan(CONCURRENT);
      expect(writes(after, before, 'ok').posts).toBe(0);
      for (let i = 0; i < CONCURRENT; i += 1) expect(await accessLog({ principal: refused(i) })).toEqual([]);

      // The table back, the same reads are recorded again.
      const again = await read(ids[0], refused(0));
      expect(again.status).toBe(200);
      expect((await accessLog({ principal: refused(0) })).map((e) => e.subjectId)).toEqual([ids[0]]);
    });
  });
});
