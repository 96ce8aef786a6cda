import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { demoId } from '../common/demo/random';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../common/keys';
import { buildGateway } from '../gateway/gateway';
import { DEFAULT_LIMITS } from '../gateway/limits';
import { startStack, testSecrets, type GraphQLResponse, type Stack } from './helpers/stack';

/**
 * A new user's client, hostile or clumsy: every argument of every public Query and Mutation
 * field, and every field of their input objects, gets values that carry a distinctive marker,
 * inline in the query and as a variable. No error may repeat it (it stands for someone's email
 * address or a 60 KB paste), every error has a code, none shows a stack or SQL.
 */
const MARKER = 'zq7MARKERzq7';
/** A number is echoed too ("Int cannot represent ... 987654321987"): a marker of digits. */
const NUMBER_MARKER = 987654321987;
const LEAKS = [
  MARKER.toLowerCase(),
  String(NUMBER_MARKER),
  'select ',
  'sqlite',
  'stacktrace',
  '    at ',
  'node_modules',
];

/** An enum value or any bare name, printed without quotes in a literal. */
class Bare {
  constructor(readonly name: string) {}
}
type Value = string | number | boolean | null | Bare | Value[] | { [key: string]: Value };

/** The hostile values sent at one position. `literalOnly`: a bare name, which JSON cannot carry. */
const HOSTILE: Array<{ label: string; value: Value; literalOnly?: boolean }> = [
  { label: 'marker', value: MARKER },
  { label: 'email', value: `elodie.${MARKER}@example.fr` },
  { label: '60 KB', value: `${MARKER}${'x'.repeat(60_000)}` },
  { label: 'number', value: NUMBER_MARKER },
  { label: 'list', value: [MARKER] },
  { label: 'object', value: { [MARKER]: MARKER } },
  { label: 'bare name', value: new Bare(MARKER), literalOnly: true },
];

/** A valid value for each position, so that the hostile one is the only thing wrong. Nobody's id: nothing changes. */
const NOBODY = demoId('nobody', 7);
const VALID_STRINGS: Record<string, string> = {
  email: 'nobody@example.org',
  token: 'A'.repeat(43),
  text: 'zz',
  reason: 'hostile input test',
  fullName: 'Nobody',
  phone: '+33 1 23 45 67 89',
  principal: 'someone',
};

function validValue(type: GraphQLInputType, name: string): Value {
  if (isNonNullType(type)) return validValue(type.ofType, name);
  if (isListType(type)) return [validValue(type.ofType, name)];
  if (isEnumType(type)) return new Bare(type.getValues()[0].name);
  if (isInputObjectType(type)) {
    const out: Record<string, Value> = {};
    for (const f of Object.values(type.getFields())) {
      if (isNonNullType(f.type) || f.name === 'dryRun' || type.name === 'RectificationChanges') {
        out[f.name] = validValue(f.type, f.name);
      }
    }
    return out;
  }
  switch (type.name) {
    case 'ID':
      return NOBODY;
    case 'Int':
      return 1;
    case 'Boolean':
      // dryRun: true as well, so that no case could erase anyone.
      return true;
    case 'DateTimeISO':
      return '2026-01-01T00:00:00Z';
    default:
      return VALID_STRINGS[name] ?? 'valid';
  }
}

function literal(value: Value): string {
  if (value instanceof Bare) return value.name;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${literal(v)}`)
      .join(', ')} }`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** What a variable carries: enum values as strings. */
function json(value: Value): unknown {
  if (value instanceof Bare) return value.name;
  if (Array.isArray(value)) return value.map(json);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, json(v)]));
  }
  return value;
}

/** Every position inside an argument: the argument itself, and each input-object field, recursively. */
function positions(type: GraphQLInputType, path: string[] = []): string[][] {
  const named = getNamedType(type);
  const inner = isInputObjectType(named)
    ? Object.values(named.getFields()).flatMap((f) => positions(f.type, [...path, f.name]))
    : [];
  return [path, ...inner];
}

function withAt(base: Value, path: string[], hostile: Value): Value {
  if (path.length === 0) return hostile;
  const [head, ...rest] = path;
  const object = (
    base !== null && typeof base === 'object' && !Array.isArray(base) && !(base instanceof Bare) ? base : {}
  ) as Record<string, Value>;
  return { ...object, [head]: withAt(object[head] ?? null, rest, hostile) };
}

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

function cases(schema: GraphQLSchema): Case[] {
  const out: Case[] = [];
  for (const [operation, root] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(root?.getFields() ?? {}) as Array<GraphQLField<unknown, unknown>>) {
      const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
      const valid = (a: GraphQLArgument) => validValue(a.type, a.name);
      for (const arg of field.args) {
        for (const path of positions(arg.type)) {
          for (const h of HOSTILE) {
            const value = withAt(valid(arg), path, h.value);
            const where = `${field.name}(${[arg.name, ...path].join('.')}) ${h.label}`;
            const others = field.args.filter((a) => a !== arg && isNonNullType(a.type));
            const inline = others.map((a) => `${a.name}: ${literal(valid(a))}`);
            const call = (argument: string) => `${field.name}(${[...inline, `${arg.name}: ${argument}`].join(', ')})`;
            out.push({ name: `${where} inline`, query: `${operation} { ${call(literal(value))}${selection} }` });
            if (h.literalOnly) continue;
            out.push({
              name: `${where} variable`,
              query: `${operation}($v: ${String(arg.type)}) { ${call('$v')}${selection} }`,
              variables: { v: json(value) },
            });
          }
        }
      }
    }
  }
  return out;
}

/** What is wrong with one response, if anything. */
function problems(res: GraphQLResponse<unknown>): string[] {
  const found: string[] = [];
  for (const e of res.errors ?? []) {
    const text = JSON.stringify({ message: e.message, extensions: e.extensions }).toLowerCase();
    const leak = LEAKS.find((l) => text.includes(l));
    if (leak) found.push(`echoes ${leak === MARKER.toLowerCase() ? 'the input' : leak}: ${e.message.slice(0, 200)}`);
    if (typeof e.extensions?.code !== 'string') found.push(`no code: ${e.message.slice(0, 200)}`);
  }
  return found;
}

async function inPool<T, R>(items: T[], width: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await run(items[i]);
      }
    }),
  );
  return results;
}

// One stack for the whole file: hundreds of requests from one caller, so the rate limit is not what is tested here.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ subjects: 3, limits: { ...DEFAULT_LIMITS, requestsPerMinute: 100_000 } });
});
afterAll(() => stack.stop());

describe('hostile input to every argument of the public schema', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    // The schema as a client discovers it: introspection of the gateway (development mode).
    const res = await stack.query<IntrospectionQuery>(getIntrospectionQuery());
    schema = buildClientSchema(res.data as IntrospectionQuery);
  });

  it('never repeats a value sent, inline or as a variable, and gives every error a code', async () => {
    const all = cases(schema);
    // Every argument of every root field is reached (a schema that grows is walked as it grows).
    const fields = [schema.getQueryType(), schema.getMutationType()].flatMap((t) =>
      Object.values(t?.getFields() ?? {}),
    );
    for (const f of fields)
      for (const a of f.args) expect(all.some((c) => c.name.startsWith(`${f.name}(${a.name}`))).toBe(true);
    expect(all.length).toBeGreaterThan(500);

    const found = await inPool(all, 4, async (c) => {
      const res = await stack.query(c.query, c.variables);
      return problems(res).map((p) => `${c.name}: ${p}`);
    });
    const bad = found.filter((f) => f.length > 0);
    process.stdout.write(`hostile input: ${all.length} cases, ${bad.length} with a leak\n`);
    expect(bad.flat()).toEqual([]);
    // The cases grow with the schema (every filter of every connection): more than jest's default.
  }, 360_000);

  it.each([
    ['a syntax error after a string', `{ subject(id "elodie.${MARKER}@example.fr") { id } }`],
    ['an unterminated string', `{ subject(id: "${MARKER}) { id } }`],
  ])('answers %s without repeating it', async (_label, query) => {
    const res = await stack.query(query);
    expect(problems(res)).toEqual([]);
    expect(res.errors?.length).toBeGreaterThan(0);
  });

  it.each([
    ['variables as a string', { query: 'query($a: ID!) { subject(id: $a) { id } }', variables: MARKER }],
    ['variables as JSON in a string', { query: '{ __typename }', variables: JSON.stringify({ a: MARKER }) }],
    ['a query that is not a string', { query: { [MARKER]: MARKER } }],
    ['an operation name that is not a string', { query: '{ __typename }', operationName: [MARKER] }],
    [
      'extensions of an unknown kind',
      { query: '{ __typename }', extensions: { persistedQuery: { sha256Hash: MARKER } } },
    ],
    ['no query', { variables: { a: MARKER } }],
    ['a JSON string', MARKER],
    ['a body over the size limit', { query: `{ subjectByEmail(email: "${MARKER}${'x'.repeat(70_000)}") { id } }` }],
  ])('answers a body with %s without repeating it', async (_label, body) => {
    const token = await stack.token({ roles: ['dpo'] });
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    expect(text.toLowerCase()).not.toContain(MARKER.toLowerCase());
    const answer = JSON.parse(text) as GraphQLResponse<unknown>;
    expect(answer.errors?.length).toBeGreaterThan(0);
    expect(problems(answer)).toEqual([]);
  });

  it.each([
    ['not JSON', 'application/json', `{"query": "${MARKER}`],
    ['in another charset', 'application/json; charset=latin1', JSON.stringify({ query: MARKER })],
    ['of another type', 'text/plain', MARKER],
  ])('answers a body %s in JSON, with a code and without repeating it', async (_label, contentType, body) => {
    const token = await stack.token({ roles: ['dpo'] });
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${token}`, 'apollo-require-preflight': '1' },
      body,
    });
    const text = await res.text();
    expect(text.toLowerCase()).not.toContain(MARKER.toLowerCase());
    expect(problems(JSON.parse(text) as GraphQLResponse<unknown>)).toEqual([]);
  });

  it('does not repeat an unknown operation name', async () => {
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await stack.token({ roles: ['dpo'] })}`,
      },
      body: JSON.stringify({ query: 'query A { __typename }', operationName: `elodie.${MARKER}@example.fr` }),
    });
    const body = (await res.json()) as GraphQLResponse<unknown>;
    expect(body.errors?.length).toBe(1);
    expect(problems(body)).toEqual([]);
  });
});

describe('each id is checked as what it is', () => {
  it.each([
    ['dataSubjectRequest', `{ dataSubjectRequest(id: "R-2026-0042") { id } }`],
    ['extendDeadline', `mutation { extendDeadline(id: "R-2026-0042", reason: "Complex request") { id } }`],
    ['rejectRequest', `mutation { rejectRequest(id: "R-2026-0042", reason: "Manifestly unfounded") { id } }`],
    ['retryRequest', `mutation { retryRequest(id: "R-2026-0042") { id } }`],
  ])('%s: a malformed request id is "not a request id"', async (_field, query) => {
    const res = await stack.query(query);
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: '"id" is not a request id (a UUID is expected)',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName: 'id' }),
      }),
    ]);
  });

  it('a malformed cursor is "not a cursor"', async () => {
    const res = await stack.query(`{ processingAudience(purpose: MARKETING, after: "page-2") }`);
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: '"after" is not a cursor (the last id of the previous page is expected)',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argumentName: 'after' }),
      }),
    ]);
  });

  it('a malformed subject id is still "not a subject id"', async () => {
    const res = await stack.query(`{ dataSubjectRequests(filter: { subjectId: "R-2026-0042" }) { totalCount } }`);
    expect(res.errors?.map((e) => e.message)).toEqual(['"filter.subjectId" is not a subject id (a UUID is expected)']);
  });
});

describe('a malformed date', () => {
  const SUBJECT = demoId('subject', 0);
  const DATE_MESSAGE = (name: string) =>
    `"${name}" is not a date-time (ISO 8601 with a time zone is expected, e.g. 2026-11-01T00:00:00Z)`;

  it.each([
    ['since', 'a word', { since: 'yesterday' }],
    ['until', 'an email', { until: 'elodie.dupre-noel@example.fr' }],
    ['since', 'a date without time zone', { since: '2026-11-01' }],
    ['until', 'a number', { until: 20261101 }],
  ])('(%s: %s) is BAD_USER_INPUT naming it; the other fields still answer', async (name, _label, variables) => {
    const fields = `subject(id: "${SUBJECT}") { id } dataSubjectRequests(first: 1) { totalCount }`;
    const asVariable = await stack.query(
      `query($since: DateTimeISO, $until: DateTimeISO) { accessLog(filter: { since: $since, until: $until }) { nodes { at } } ${fields} }`,
      variables,
    );
    const inline = await stack.query(
      `{ accessLog(filter: { ${name}: ${JSON.stringify(Object.values(variables)[0])} }) { nodes { at } } ${fields} }`,
    );
    for (const res of [asVariable, inline]) {
      expect(res.data).toEqual({
        accessLog: null,
        subject: { id: SUBJECT },
        dataSubjectRequests: { totalCount: expect.any(Number) },
      });
      expect(res.errors).toEqual([
        {
          message: DATE_MESSAGE(`filter.${name}`),
          path: ['accessLog'],
          extensions: { code: 'BAD_USER_INPUT', argumentName: `filter.${name}`, serviceName: 'requests' },
        },
      ]);
      expect(problems(res)).toEqual([]);
    }
  });

  it('a well-formed one still filters', async () => {
    const res = await stack.query<{ accessLog: { nodes: Array<{ at: string }> } }>(
      `{ accessLog(filter: { since: "2000-01-01T00:00:00Z", until: "2000-01-02T00:00:00+02:00" }) { nodes { at } } }`,
    );
    expect(res).toEqual({ data: { accessLog: { nodes: [] } } });
  });
});

describe('eraseSubject with an explicit dryRun: null', () => {
  const SUBJECT = demoId('subject', 1);
  const REFUSED = '"input.dryRun" must be true or false (left out, it is false); null is refused';

  it.each([
    ['inline', `mutation { eraseSubject(input: { subjectId: "${SUBJECT}", dryRun: null }) { id } }`, undefined],
    [
      'in a variable input',
      `mutation($i: EraseSubjectInput!) { eraseSubject(input: $i) { id } }`,
      { i: { subjectId: SUBJECT, dryRun: null } },
    ],
    [
      'as a variable of its own',
      `mutation($d: Boolean) { eraseSubject(input: { subjectId: "${SUBJECT}", dryRun: $d }) { id } }`,
      { d: null },
    ],
  ])('is refused %s, and nothing is erased nor recorded', async (_how, query, variables) => {
    const res = await stack.query(query, variables);
    expect(res.data).toBeNull();
    expect(res.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.argumentName])).toEqual([
      [REFUSED, 'BAD_USER_INPUT', 'input.dryRun'],
    ]);
    const after = await stack.query(`{ subject(id: "${SUBJECT}") { status erasedAt requests { id } } }`);
    expect(after).toEqual({ data: { subject: { status: 'ACTIVE', erasedAt: null, requests: [] } } });
  });
});

describe('the playground', () => {
  it('is served in development, with the export query', async () => {
    const res = await fetch(new URL('/', stack.gatewayUrl));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('financialSituation');
  });

  it('is not served in production: GET / is a 404 that names no field, and no playground asset is there', async () => {
    const { secrets } = testSecrets();
    const gateway = await buildGateway({
      production: true,
      callerAuth: {
        key: { kind: 'secret', secret: secrets.caller },
        issuer: DEFAULT_ISSUER,
        audience: DEFAULT_AUDIENCE,
      },
      internalSecret: secrets.internal,
    });
    try {
      const { url } = await gateway.listen(0);
      const res = await fetch(new URL('/', url));
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('Not found. The GraphQL API is at /graphql.');
      expect((await fetch(new URL('/playground/graphiql.min.js', url))).status).toBe(404);
    } finally {
      await gateway.stop();
    }
  });
});
