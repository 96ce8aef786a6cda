import type { GraphQLFormattedError } from 'graphql';
import { demoId } from '../common/demo/random';
import { countTokens, DEFAULT_LIMITS, LIMIT_MESSAGES, measureQuery, type Limits } from '../gateway/limits';
import { exportQuery, supergraphSchema } from '../schema/supergraph';
import { startStack, type GraphQLResponse, type Stack } from './helpers/stack';

/**
 * The gateway's hardening limits, as a client meets them: what is refused, with which code and
 * HTTP status, and that nothing of the data (nor of the schema) comes back with the refusal.
 */

const schema = supergraphSchema();
const EXPORT = exportQuery(schema);
/** The same selection as the export, for many subjects at once. */
const BULK_EXPORT = EXPORT.replace('query SubjectExport($id: ID!)', 'query SubjectsExport($ids: [ID!]!)').replace(
  'subject(id: $id)',
  'subjects(ids: $ids)',
);
const ID = demoId('subject', 0);

interface HttpAnswer {
  status: number;
  headers: Headers;
  body: GraphQLResponse<Record<string, unknown>>;
}

/** A raw HTTP request to the gateway as caller `sub` (a dpo), for the status and headers stack.query() hides. */
async function send(
  stack: Stack,
  sub: string,
  init: { body?: string; search?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const token = await stack.token({ roles: ['dpo'], sub });
  const res = await fetch(`${stack.gatewayUrl}${init.search ?? ''}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...init.headers },
    body: init.body,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: JSON.parse(text) as GraphQLResponse<Record<string, unknown>>,
  };
}

function post(
  stack: Stack,
  sub: string,
  query: string,
  variables: Record<string, unknown> = { id: ID },
): Promise<HttpAnswer> {
  return send(stack, sub, { body: JSON.stringify({ query, variables }) });
}

function codes(errors: GraphQLFormattedError[] | undefined): unknown[] {
  return (errors ?? []).map((e) => e.extensions?.code);
}

/** A refusal: no data at all, one error with this code and exactly this message. */
function expectRefused(answer: HttpAnswer, status: number, code: string, message?: string | RegExp): void {
  expect(answer.status).toBe(status);
  expect(answer.body.data).toBeUndefined();
  expect(codes(answer.body.errors)).toEqual([code]);
  if (message !== undefined) expect(answer.body.errors?.[0].message).toMatch(message);
}

function expectAnswered(answer: HttpAnswer): void {
  expect(answer.body.errors).toBeUndefined();
  expect(answer.status).toBe(200);
  expect(answer.body.data).toBeTruthy();
}

describe('the defaults fit the full export', () => {
  it.each([
    ['subject(id:)', EXPORT],
    ['subjects(ids:)', BULK_EXPORT],
  ])('the export by %s needs at most two thirds of each default shape limit', (_label, query) => {
    const m = measureQuery(schema, query);
    expect(m.depth * 1.5).toBeLessThanOrEqual(DEFAULT_LIMITS.maxDepth);
    expect(m.aliases * 1.5).toBeLessThanOrEqual(DEFAULT_LIMITS.maxAliases);
    expect(m.tokens * 1.5).toBeLessThanOrEqual(DEFAULT_LIMITS.maxTokens);
    expect(m.directives * 1.5).toBeLessThanOrEqual(DEFAULT_LIMITS.maxDirectives);
    expect(m.cost * 1.5).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
    // 500 ids (the most `subjects` takes) with the whole selection fit in one body, twice over.
    const body = JSON.stringify({
      query,
      variables: { ids: Array.from({ length: 500 }, (_, i) => demoId('subject', i)) },
    });
    expect(Buffer.byteLength(body) * 2).toBeLessThanOrEqual(DEFAULT_LIMITS.maxBodyBytes);
  });

  it('counts tokens as the parser does, comments left out', () => {
    expect(countTokens('{ subject(id: "x") { fullName } }')).toBe(11);
    expect(countTokens('# a comment\n{ a }')).toBe(3);
    expect(countTokens('{ a a a a a a }', 3)).toBe(4);
  });
});

describe('through the gateway: default shape limits, small rate limits', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 3, limits: { ...DEFAULT_LIMITS, requestsPerMinute: 5, exportsPerMinute: 2 } });
  });
  afterAll(() => stack.stop());

  it('answers the full export, by one id and by many, without an error', async () => {
    const one = await post(stack, 'exporter-a', EXPORT);
    expectAnswered(one);
    const subject = one.body.data?.subject as Record<string, unknown>;
    expect(subject.fullName).toBe('Élodie Dupré-Noël');
    for (const field of ['mentoringSessions', 'invoices', 'supportTickets'])
      expect(Array.isArray(subject[field])).toBe(true);

    const many = await post(stack, 'exporter-a', BULK_EXPORT, {
      ids: [ID, demoId('subject', 1), demoId('subject', 2)],
    });
    expectAnswered(many);
    expect(many.body.data?.subjects).toHaveLength(3);
  });

  it('refuses the third full export of a minute (export budget 2) before the general budget (5) runs out, then the sixth request', async () => {
    const sub = 'exporter-b';
    expectAnswered(await post(stack, sub, EXPORT));
    expectAnswered(await post(stack, sub, BULK_EXPORT, { ids: [ID] }));

    // The third, split into fragments so it does not look like the export query: still one.
    stack.resetCounters();
    const third = await post(
      stack,
      sub,
      `query($id: ID!) { subject(id: $id) { ...Profile ...Rest } }
       fragment Profile on DataSubject { fullName email }
       fragment Rest on DataSubject { mentoringSessions { id } invoices { id } supportTickets { id } }`,
    );
    expectRefused(
      third,
      429,
      'RATE_LIMITED',
      /^Too many full exports: at most 2 a minute per caller\. Try again in \d+ s\.$/,
    );
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(third.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(third.body.errors?.[0].message).not.toContain(sub);
    expect(stack.gateway.calls).toEqual([]);

    // The general budget still has room: requests 4 and 5 are answered (not exports).
    for (let i = 0; i < 2; i++)
      expectAnswered(await post(stack, sub, 'query($id: ID!) { subject(id: $id) { fullName } }'));
    const sixth = await post(stack, sub, 'query($id: ID!) { subject(id: $id) { fullName } }');
    expectRefused(
      sixth,
      429,
      'RATE_LIMITED',
      /^Too many requests: at most 5 a minute per caller\. Try again in \d+ s\.$/,
    );
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it("does not count one caller's requests against another", async () => {
    for (let i = 0; i < 6; i++) await post(stack, 'greedy', 'query($id: ID!) { subject(id: $id) { fullName } }');
    expectRefused(await post(stack, 'greedy', 'query($id: ID!) { subject(id: $id) { id } }'), 429, 'RATE_LIMITED');

    expectAnswered(await post(stack, 'patient', EXPORT));
    expectAnswered(await post(stack, 'patient', 'query($id: ID!) { subject(id: $id) { fullName } }'));
  });

  it('refuses a batch (a JSON array of operations)', async () => {
    const batch = await send(stack, 'batcher', {
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(batch.status).toBe(400);
    expect(Array.isArray(batch.body)).toBe(false);
    expect(batch.body.data).toBeUndefined();
    expect(codes(batch.body.errors)).toEqual(['BAD_REQUEST']);
  });

  it('refuses a body over the size limit with 413 and a GraphQL-shaped error, and takes the largest legitimate one', async () => {
    const big = await send(stack, 'uploader', {
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(DEFAULT_LIMITS.maxBodyBytes) } }),
    });
    expectRefused(
      big,
      413,
      'BAD_REQUEST',
      `The request body is too large: at most ${DEFAULT_LIMITS.maxBodyBytes} bytes.`,
    );
    expect(big.headers.get('content-type')).toMatch(/^application\/json/);

    // 500 ids, the most `subjects` takes.
    const ids = Array.from({ length: 500 }, (_, i) => demoId('subject', i));
    const many = await post(stack, 'uploader', 'query($ids: [ID!]!) { subjects(ids: $ids) { id } }', { ids });
    expectAnswered(many);
    expect(many.body.data?.subjects).toHaveLength(500);
  });

  it('answers a body that is not JSON with a JSON BAD_REQUEST, not an HTML error page', async () => {
    const broken = await send(stack, 'typist', { body: '{"query": "{ __typename }"' });
    expectRefused(broken, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
    expect(broken.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('through the gateway in production: small shape limits', () => {
  const limits: Limits = {
    ...DEFAULT_LIMITS,
    maxDepth: 3,
    maxAliases: 2,
    maxTokens: 80,
    maxDirectives: 2,
    maxCost: 40,
  };
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 3, production: true, limits });
  });
  afterAll(() => stack.stop());

  /** The query is refused for this limit alone: it keeps within the others (checked with the gateway's own rules). */
  async function expectOverOnly(limit: keyof typeof LIMIT_MESSAGES, query: string): Promise<void> {
    const m = measureQuery(schema, query);
    const over = {
      depth: m.depth > limits.maxDepth,
      aliases: m.aliases > limits.maxAliases,
      tokens: m.tokens > limits.maxTokens,
      directives: m.directives > limits.maxDirectives,
      cost: m.cost > limits.maxCost,
    };
    expect(over).toEqual({
      depth: false,
      aliases: false,
      tokens: false,
      directives: false,
      cost: false,
      [limit]: true,
    });
    stack.resetCounters();
    const answer = await post(stack, `shape-${limit}`, query);
    expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED', LIMIT_MESSAGES[limit]);
    expect(answer.body.errors?.[0].message).toBe(LIMIT_MESSAGES[limit]);
    expect(stack.gateway.calls).toEqual([]);
  }

  async function expectFits(query: string): Promise<void> {
    expectAnswered(await post(stack, 'shape-ok', query));
  }

  it('depth: refuses one level too many, written out or hidden in (nested) fragments', async () => {
    await expectFits('query($id: ID!) { subject(id: $id) { consents { purpose } } }');
    await expectOverOnly('depth', 'query($id: ID!) { subject(id: $id) { consents { history { granted } } } }');
    await expectOverOnly(
      'depth',
      'query($id: ID!) { subject(id: $id) { ...C } } fragment C on DataSubject { consents { history { granted } } }',
    );
    await expectOverOnly(
      'depth',
      'query($id: ID!) { subject(id: $id) { ...C } } fragment C on DataSubject { consents { ...H } } fragment H on Consent { history { granted } }',
    );
  });

  it('aliases: refuses a third alias, including one inside a fragment', async () => {
    await expectFits('query($id: ID!) { a: subject(id: $id) { name: fullName } }');
    await expectOverOnly('aliases', 'query($id: ID!) { a: subject(id: $id) { name: fullName mail: email } }');
    await expectOverOnly(
      'aliases',
      'query($id: ID!) { a: subject(id: $id) { ...F } } fragment F on DataSubject { name: fullName mail: email }',
    );
  });

  it('directives: refuses a third directive, including one on a fragment spread', async () => {
    await expectFits('query($id: ID!) { subject(id: $id) { fullName @include(if: true) email @skip(if: false) } }');
    await expectOverOnly(
      'directives',
      'query($id: ID!) { subject(id: $id) { fullName @include(if: true) email @skip(if: false) phone @include(if: true) } }',
    );
    await expectOverOnly(
      'directives',
      'query($id: ID!) { subject(id: $id) { ...F @include(if: true) } } fragment F on DataSubject { fullName @include(if: true) email @skip(if: false) }',
    );
  });

  it('cost: takes one subject and refuses the same selection twice, by aliases and a shared fragment', async () => {
    const fragment =
      'fragment F on DataSubject { fullName email phone birthDate locale status createdAt lastLoginAt consents { purpose granted updatedAt } }';
    await expectFits(`query($id: ID!) { a: subject(id: $id) { ...F } } ${fragment}`);
    await expectOverOnly(
      'cost',
      `query($id: ID!) { a: subject(id: $id) { ...F } b: subject(id: $id) { ...F } } ${fragment}`,
    );
  });

  it('tokens: refuses a query with too many tokens before parsing it, by POST and by GET', async () => {
    const fields = (n: number) => `query($id: ID!) { subject(id: $id) { ${'fullName '.repeat(n)}} }`;
    expect(countTokens(fields(20))).toBeLessThanOrEqual(limits.maxTokens);
    await expectFits(fields(20));

    // Past the limit, and not even valid GraphQL at its end: the token limit answers, not the parser.
    const long = `${fields(70)} } } }`;
    expect(countTokens(long)).toBeGreaterThan(limits.maxTokens);
    stack.resetCounters();
    expectRefused(await post(stack, 'shape-tokens', long), 400, 'GRAPHQL_VALIDATION_FAILED', LIMIT_MESSAGES.tokens);
    const search = `?${new URLSearchParams({ query: long, variables: JSON.stringify({ id: ID }) })}`;
    expectRefused(
      await send(stack, 'shape-tokens', { search, headers: { 'apollo-require-preflight': 'true' } }),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      LIMIT_MESSAGES.tokens,
    );
    expect(stack.gateway.calls).toEqual([]);
  });

  it('refuses introspection', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "DataSubject") { fields { name } } }']) {
      const answer = await post(stack, 'prober', query, {});
      expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(answer.body)).not.toContain('fullName');
    }
  });

  it('suggests no field name for a misspelled one', async () => {
    const answer = await post(stack, 'prober', 'query($id: ID!) { subject(id: $id) { fullNam } }');
    expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED');
    expect(answer.body.errors?.[0].message).not.toMatch(/did you mean/i);
    expect(answer.body.errors?.[0].message).not.toContain('fullName');
  });

  // Last: it breaks the billing subgraph of this stack for good.
  it('masks an internal error: no SQL, no stack, no subgraph; the rest of the data still comes', async () => {
    await stack.subgraphs.billing.server.db.dataSource.query('DROP TABLE invoice');
    const answer = await post(stack, 'reader', 'query($id: ID!) { subject(id: $id) { fullName invoices { number } } }');
    expect(answer.body.data).toEqual({ subject: { fullName: 'Élodie Dupré-Noël', invoices: null } });
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors?.[0].message).toBe('Internal error');
    expect(answer.body.errors?.[0].extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      ref: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    // The path is left out: it names the field asked for, which the client knows already.
    const text = JSON.stringify(
      (answer.body.errors ?? []).map((e) => ({ message: e.message, extensions: e.extensions })),
    );
    for (const leak of [
      'SELECT',
      'invoice',
      'DROP',
      'sqlite',
      'SQLITE',
      'mysql',
      'billing',
      '    at ',
      'node_modules',
      'stacktrace',
    ]) {
      expect(text).not.toContain(leak);
    }
  });
});
