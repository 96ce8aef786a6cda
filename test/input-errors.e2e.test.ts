import { demoId } from '../common/demo/random';
import { startStack, type Stack } from './helpers/stack';

/**
 * What a client must never see in an error: input echoed back, SQL, stack traces, internals.
 * The path is left out: it names the field asked for, which the client knows already.
 */
function expectNoLeak(
  errors: Array<{ message: string; extensions?: unknown }> | undefined,
  ...secrets: string[]
): void {
  const text = JSON.stringify((errors ?? []).map((e) => ({ message: e.message, extensions: e.extensions })));
  for (const s of [...secrets, 'SELECT', 'sqlite', 'SQLITE', 'mysql', 'stacktrace', '    at ', 'node_modules']) {
    expect(text).not.toContain(s);
  }
  expect(text).not.toMatch(/\bER_[A-Z_]+/);
}

function codes(errors: Array<{ extensions?: Record<string, unknown> }> | undefined): unknown[] {
  return (errors ?? []).map((e) => e.extensions?.code);
}

describe('bad input through the gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12 });
  });
  afterAll(() => stack.stop());

  it('answers null for an unknown subject id, without error, and asks no other subgraph', async () => {
    stack.resetCounters();
    const res = await stack.query(`query($id: ID!) { subject(id: $id) { fullName invoices { number } } }`, {
      id: demoId('nobody', 1),
    });
    expect(res).toEqual({ data: { subject: null } });
    expect(stack.gateway.calls).toEqual(['profile']);
  });

  it.each([
    ['not a uuid', 'abc'],
    ['SQL in an id', "1' OR '1'='1"],
    ['an oversized id', 'f'.repeat(10_000)],
  ])('refuses %s with BAD_USER_INPUT and does not echo it', async (_label, id) => {
    const res = await stack.query(`query($id: ID!) { subject(id: $id) { fullName } }`, { id });
    expect(res.data).toEqual({ subject: null });
    expect(codes(res.errors)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0].message).toBe('"id" is not a subject id (a UUID is expected)');
    expectNoLeak(res.errors, id.slice(0, 50));
  });

  it.each([
    ['no @', 'elodie.example.fr'],
    ['spaces', 'elodie dupre@example.fr'],
    ['300 characters', `${'a'.repeat(290)}@example.fr`],
    ['SQL', "x' OR 1=1 --@example.fr"],
  ])('refuses a malformed email (%s) with BAD_USER_INPUT', async (_label, email) => {
    const res = await stack.query(`query($e: String!) { subjectByEmail(email: $e) { id } }`, { e: email });
    expect(res.data).toEqual({ subjectByEmail: null });
    expect(codes(res.errors)).toEqual(['BAD_USER_INPUT']);
    expectNoLeak(res.errors, email.slice(0, 20));
  });

  it('finds a subject by email whatever its case', async () => {
    const res = await stack.query(`{ subjectByEmail(email: "  Elodie.Dupre-Noel@EXAMPLE.fr ") { id fullName } }`);
    expect(res).toEqual({ data: { subjectByEmail: { id: demoId('subject', 0), fullName: 'Élodie Dupré-Noël' } } });
  });

  it('refuses more than 500 ids, and a malformed id among valid ones', async () => {
    const tooMany = Array.from({ length: 501 }, (_, i) => demoId('subject', i));
    const res = await stack.query(`query($ids: [ID!]!) { subjects(ids: $ids) { id } }`, { ids: tooMany });
    expect(codes(res.errors)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0].message).toContain('at most 500');

    const mixed = await stack.query(`query($ids: [ID!]!) { subjects(ids: $ids) { id } }`, {
      ids: [demoId('subject', 0), 'nope'],
    });
    expect(codes(mixed.errors)).toEqual(['BAD_USER_INPUT']);
    expect(mixed.errors?.[0].message).toBe('"ids[1]" is not a subject id (a UUID is expected)');
  });

  it('returns subjects(ids:) in the order asked, null for unknown ids', async () => {
    const ids = [demoId('subject', 2), demoId('nobody', 9), demoId('subject', 0)];
    const res = await stack.query(`query($ids: [ID!]!) { subjects(ids: $ids) { id fullName } }`, { ids });
    expect(res).toEqual({
      data: { subjects: [{ id: ids[0], fullName: 'ليلى حداد' }, null, { id: ids[2], fullName: 'Élodie Dupré-Noël' }] },
    });
  });

  it('searches by part of a name or email, ignoring case and accents', async () => {
    const names = async (text: string) =>
      (
        (
          await stack.query<{ searchSubjects: Array<{ fullName: string }> }>(
            `query($t: String!) { searchSubjects(text: $t) { fullName } }`,
            { t: text },
          )
        ).data?.searchSubjects ?? []
      ).map((s) => s.fullName);
    expect(await names('elodie')).toEqual(['Élodie Dupré-Noël']);
    expect(await names('DUPRÉ')).toEqual(['Élodie Dupré-Noël']);
    expect(await names('lefevre')).toEqual(['Bernard Lefèvre']);
    expect(await names('山田')).toEqual(['Zoé 🚀 山田花子']);
    expect(await names('NGUYEN')).toEqual(['Camille Nguyễn']);
    expect(await names('zoe.yamada@')).toEqual(['Zoé 🚀 山田花子']);
    const explicitNull = await stack.query(`{ searchSubjects(text: "élodie", limit: null) { fullName } }`);
    expect(explicitNull).toEqual({ data: { searchSubjects: [{ fullName: 'Élodie Dupré-Noël' }] } });
    // LIKE wildcards and quotes are searched for literally, not interpreted.
    expect(await names('%')).toEqual([]);
    expect(await names("_' OR 1=1 --")).toEqual([]);
  });

  it('bounds search input', async () => {
    for (const [t, limit] of [
      ['a', 20],
      ['x'.repeat(101), 20],
      ['elodie', 0],
      ['elodie', 101],
    ] as const) {
      const res = await stack.query(`query($t: String!, $l: Int) { searchSubjects(text: $t, limit: $l) { id } }`, {
        t,
        l: limit,
      });
      expect(codes(res.errors)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('tells which part is missing when a subgraph is down, without naming its address', async () => {
    await stack.subgraphs.support.listening.close();
    const res = await stack.query(`query($id: ID!) { subject(id: $id) { fullName supportTickets { id } } }`, {
      id: demoId('subject', 0),
    });
    expect(res.data).toEqual({ subject: { fullName: 'Élodie Dupré-Noël', supportTickets: null } });
    expect(codes(res.errors)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expectNoLeak(res.errors, '127.0.0.1', stack.subgraphs.support.listening.url);
  });
});

describe('errors in production mode', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 12, production: true });
  });
  afterAll(() => stack.stop());

  it('masks a subgraph that throws: no SQL, no stack, no subgraph name; the rest of the data still comes', async () => {
    // A real failure: the table the invoices are read from disappears under the running service.
    await stack.subgraphs.billing.server.db.dataSource.query('DROP TABLE invoice');
    const res = await stack.query(`query($id: ID!) { subject(id: $id) { fullName invoices { number } } }`, {
      id: demoId('subject', 0),
    });
    expect(res.data).toEqual({ subject: { fullName: 'Élodie Dupré-Noël', invoices: null } });
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].message).toBe('Internal error');
    expect(res.errors?.[0].extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      ref: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    expectNoLeak(res.errors, 'billing', 'invoice', 'DROP', 'no such table', "doesn't exist");
  });

  it('does not name the subgraph in client errors', async () => {
    const res = await stack.query(`{ subject(id: "bad") { id } }`);
    expect(codes(res.errors)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'id' });
  });

  it('refuses introspection', async () => {
    const res = await stack.query(`{ __schema { types { name } } }`);
    expect(res.data).toBeUndefined();
    expect(codes(res.errors)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });
});
