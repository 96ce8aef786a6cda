import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { execute, GraphQLError, parse, type ExecutionResult } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { compiledExecutor } from '../../common/compiled-executor';

/**
 * The compiled executor answers what graphql-js answers, for what the subgraphs do: entities
 * resolved by reference, lists of records, nulls, a failing field among others (its siblings
 * still come), a refused one with its code, a null where the schema says non-null (the null
 * goes up to the nearest nullable field), aliases and variables.
 */

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query { subject(id: ID!): Subject }
  type Subject @key(fields: "id") {
    id: ID!
    name: String
    invoices: [Invoice!]
    tickets: [Ticket!]!
    refused: String
    broken: String
    lostRequired: Ticket
  }
  type Invoice { number: String! amount: Float issuedAt: String }
  type Ticket { id: ID! subject: String! }
`);

interface Subject {
  id: string;
  name: string | null;
}

const subjects: Record<string, Subject> = { s1: { id: 's1', name: 'Élodie' }, s2: { id: 's2', name: null } };

const schema = buildSubgraphSchema([
  {
    typeDefs,
    resolvers: {
      Query: { subject: (_: unknown, { id }: { id: string }) => Promise.resolve(subjects[id] ?? null) },
      Subject: {
        __resolveReference: (ref: { id: string }) => Promise.resolve(subjects[ref.id] ?? null),
        invoices: (s: Subject) =>
          s.id === 's1'
            ? [
                { number: 'F-1', amount: 12.5, issuedAt: '2026-01-01' },
                { number: 'F-2', amount: null, issuedAt: null },
              ]
            : null,
        tickets: (s: Subject) => Promise.resolve(s.id === 's1' ? [{ id: 't1', subject: 'Accès' }] : []),
        refused: () => {
          throw new GraphQLError('Not yours to read.', { extensions: { code: 'FORBIDDEN' } });
        },
        broken: () => Promise.reject(new Error('SQLITE_ERROR: no such table: invoice')),
        lostRequired: () => ({ id: 't9', subject: null }),
      },
    },
  },
]);

/** What a client receives of a result: the JSON of its data and its errors. */
const wire = (r: ExecutionResult) => JSON.parse(JSON.stringify(r)) as unknown;

/** A request as Apollo Server hands it to the executor: what this executor reads of it. */
const request = (
  source: string,
  variables: Record<string, unknown> = {},
  document = parse(source),
): GatewayGraphQLRequestContext =>
  ({
    request: { query: source, variables },
    document,
    source,
    operationName: null,
    context: {},
  }) as unknown as GatewayGraphQLRequestContext;

/**
 * The same operation through graphql-js, then twice through the subgraphs' executor: the first
 * time a text comes it is interpreted, from the second on it runs compiled.
 */
const run = async (source: string, variables: Record<string, unknown> = {}) => {
  const document = parse(source);
  const viaJs = await execute({ schema, document, variableValues: variables, contextValue: {} });
  const executor = compiledExecutor(schema);
  const first = await executor(request(source, variables, document));
  const viaCompiled = await executor(request(source, variables, document));
  expect(wire(first)).toEqual(wire(viaJs));
  return { viaJs, viaCompiled };
};

it('answers an entity fetch as graphql-js does: records, lists, nulls, aliases and variables', async () => {
  const { viaJs, viaCompiled } = await run(
    `query($reps: [_Any!]!) { _entities(representations: $reps) { __typename ... on Subject { id name bills: invoices { number amount issuedAt } tickets { id subject } } } }`,
    {
      reps: [
        { __typename: 'Subject', id: 's1' },
        { __typename: 'Subject', id: 's2' },
        { __typename: 'Subject', id: 'x' },
      ],
    },
  );
  expect(viaJs.errors).toBeUndefined();
  expect(wire(viaCompiled)).toEqual(wire(viaJs));
  expect(viaCompiled.data).toEqual({
    _entities: [
      {
        __typename: 'Subject',
        id: 's1',
        name: 'Élodie',
        bills: [
          { number: 'F-1', amount: 12.5, issuedAt: '2026-01-01' },
          { number: 'F-2', amount: null, issuedAt: null },
        ],
        tickets: [{ id: 't1', subject: 'Accès' }],
      },
      { __typename: 'Subject', id: 's2', name: null, bills: null, tickets: [] },
      null,
    ],
  });
});

it('keeps the siblings of a failing field, the code of a refused one, and the cause of an internal failure', async () => {
  const { viaJs, viaCompiled } = await run(`{ subject(id: "s1") { name refused broken lostRequired { id subject } } }`);
  expect(viaCompiled.data).toEqual(viaJs.data);
  expect(viaCompiled.data).toEqual({ subject: { name: 'Élodie', refused: null, broken: null, lostRequired: null } });
  const byPath = (r: ExecutionResult) =>
    [...(r.errors ?? [])].sort((a, b) => String(a.path).localeCompare(String(b.path)));
  const js = byPath(viaJs);
  const compiled = byPath(viaCompiled);
  expect(compiled.map((e) => e.path)).toEqual(js.map((e) => e.path));
  expect(compiled.map((e) => e.extensions)).toEqual(js.map((e) => e.extensions));
  expect(compiled.map((e) => e.extensions)).toEqual([{}, {}, { code: 'FORBIDDEN' }]);
  // The internal failure keeps its cause, for the subgraph's log (formatSubgraphError), never the client.
  const broken = compiled.find((e) => e.path?.includes('broken'));
  expect(broken?.originalError?.message).toBe('SQLITE_ERROR: no such table: invoice');
  for (const e of compiled) expect(e).toBeInstanceOf(GraphQLError);
});

it('answers each later request of the same text, kept compiled, with its own variables', async () => {
  const executor = compiledExecutor(schema);
  const source = `query($id: ID!) { subject(id: $id) { name } }`;
  // Apollo Server parses each text once; here every request brings a document object of its own.
  const ask = (id: string) => executor(request(source, { id }));
  expect((await ask('s1')).data).toEqual({ subject: { name: 'Élodie' } });
  expect((await ask('s2')).data).toEqual({ subject: { name: null } });
  expect((await ask('nobody')).data).toEqual({ subject: null });
});

it('answers what graphql-js answers, every time, for a text the compiler refuses', async () => {
  const executor = compiledExecutor(schema);
  // A required argument missing (what Apollo Server's validation stops first): graphql-jit
  // refuses to compile it, where graphql-js answers that one field's error and a null.
  const source = `{ subject { name } }`;
  const document = parse(source);
  const ask = () => executor(request(source, {}, document));
  const viaJs = await execute({ schema, document, contextValue: {} });
  expect(viaJs.data).toEqual({ subject: null });
  expect(viaJs.errors?.map((e) => e.path)).toEqual([['subject']]);
  for (let i = 0; i < 3; i += 1) expect(wire(await ask())).toEqual(wire(viaJs));
});
