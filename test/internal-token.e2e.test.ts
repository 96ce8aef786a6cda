import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { SUBGRAPH_NAMES, type SubgraphName } from '../common/config';
import { demoId } from '../common/demo/random';
import { INTERNAL_ISSUER, secretKey, signInternalToken } from '../common/internal-token';
import type { InternalRole } from '../common/access';
import { startStack, type GraphQLResponse, type Stack } from './helpers/stack';

/**
 * Going around the gateway gets nowhere: every subgraph refuses any call that does not carry a
 * valid internal token addressed to it, before GraphQL sees the request, for plain queries,
 * `_entities` and `_service` alike.
 */

interface Answer {
  status: number;
  body: GraphQLResponse<Record<string, unknown>>;
}

async function post(url: string, body: unknown, token?: string): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as GraphQLResponse<Record<string, unknown>> };
}

const SUBJECT = demoId('subject', 0);

const CALLS = {
  'a plain query': { query: '{ __typename }' },
  'an _entities call': {
    query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on DataSubject { id } } }',
    variables: { r: [{ __typename: 'DataSubject', id: SUBJECT }] },
  },
  'the _service SDL': { query: '{ _service { sdl } }' },
} as const;
type CallName = keyof typeof CALLS;
const CALL_NAMES = Object.keys(CALLS) as CallName[];

function expectRefused(answer: Answer, token?: string): void {
  expect(answer.status).toBe(401);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  if (token) expect(answer.body.errors?.[0].message).not.toContain(token);
}

describe('subgraphs answer only the gateway', () => {
  let stack: Stack;
  let key: Uint8Array;
  const url = (name: SubgraphName, route = '/graphql'): string => `${stack.subgraphs[name].listening.url}${route}`;
  const internal = (
    audience: string,
    roles: InternalRole[] = ['dpo'],
    sub = 'test-dpo',
    signWith = key,
  ): Promise<string> => signInternalToken(signWith, audience, { principal: { sub, roles }, requestId: randomUUID() });

  beforeAll(async () => {
    stack = await startStack({ subjects: 6 });
    key = secretKey(stack.secrets.internal, 'INTERNAL_TOKEN_SECRET');
  });
  afterAll(() => stack.stop());

  /** Every way of getting the token wrong, for one subgraph. */
  const badTokens: Record<string, (name: SubgraphName) => Promise<string | undefined>> = {
    'no token': async () => undefined,
    'a forged token (another secret)': (name) => internal(name, ['dpo'], 'test-dpo', randomBytes(32)),
    'an expired token': (name) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ roles: ['dpo'], rid: randomUUID() })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(INTERNAL_ISSUER)
        .setAudience(name)
        .setSubject('test-dpo')
        .setIssuedAt(now - 120)
        .setExpirationTime(now - 60)
        .sign(key);
    },
    'a token addressed to another subgraph': (name) => internal(SUBGRAPH_NAMES.find((n) => n !== name) ?? 'profile'),
    'a token with an unknown role': (name) =>
      new SignJWT({ roles: ['admin'], rid: randomUUID() })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(INTERNAL_ISSUER)
        .setAudience(name)
        .setSubject('test-admin')
        .setIssuedAt()
        .setExpirationTime('30s')
        .sign(key),
    "a client's caller token (the gateway's token, not an internal one)": () => stack.token({ roles: ['dpo'] }),
  };

  describe.each(SUBGRAPH_NAMES.map((n) => [n]))('%s', (name) => {
    it.each(Object.keys(badTokens).flatMap((bad) => CALL_NAMES.map((call) => [call, bad] as const)))(
      'refuses %s with %s',
      async (call, bad) => {
        const token = await badTokens[bad](name);
        expectRefused(await post(url(name), CALLS[call], token), token);
      },
    );

    it('accepts a valid internal token addressed to it (control)', async () => {
      const token = await internal(name);
      const plain = await post(url(name), CALLS['a plain query'], token);
      expect(plain).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
      const service = await post(url(name), CALLS['the _service SDL'], token);
      expect(service.status).toBe(200);
      expect((service.body.data?._service as { sdl: string }).sdl).toContain('type Query');
      if (name !== 'requests') {
        // The requests subgraph holds no entity, so it has no _entities to call.
        const entities = await post(url(name), CALLS['an _entities call'], token);
        expect(entities.status).toBe(200);
        expect(entities.body.errors).toBeUndefined();
        expect(entities.body.data).toEqual({ _entities: [{ id: SUBJECT }] });
      }
    });
  });

  describe('POST /internal/access-log on requests', () => {
    const entry = (principal: string, subjectId: string) => ({
      entries: [
        {
          at: new Date().toISOString(),
          principal,
          roles: ['support'],
          subjectId,
          fields: ['fullName'],
          requestId: randomUUID(),
          operationName: null,
        },
      ],
    });
    const logOf = async (principal: string) => {
      const res = await stack.query<{
        accessLog: { nodes: Array<{ principal: string; subjectId: string; fields: string[] }> };
      }>('query($p: String!) { accessLog(filter: { principal: $p }) { nodes { principal subjectId fields } } }', {
        p: principal,
      });
      expect(res.errors).toBeUndefined();
      return res.data?.accessLog.nodes;
    };

    it("refuses a write without a token (401) and with a token of a role other than the gateway's own (403); nothing is written", async () => {
      const target = url('requests', '/internal/access-log');
      const subject = demoId('subject', 3);
      const none = await post(target, entry('intruder-none', subject));
      expect(none.status).toBe(401);
      expect(none.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const forged = await post(
        target,
        entry('intruder-forged', subject),
        await internal('requests', ['system'], 'gateway', randomBytes(32)),
      );
      expect(forged.status).toBe(401);
      for (const role of ['dpo', 'service', 'support'] as const) {
        const staff = await post(
          target,
          entry(`intruder-${role}`, subject),
          await internal('requests', [role], `intruder-${role}`),
        );
        expect(staff.status).toBe(403);
      }
      // Control: the gateway's own identity writes, and the dpo query sees what was written.
      const system = await post(
        target,
        entry('control-writer', subject),
        await internal('requests', ['system'], 'gateway'),
      );
      expect(system.status).toBe(204);
      expect(await logOf('control-writer')).toEqual([
        { principal: 'control-writer', subjectId: subject, fields: ['fullName'] },
      ]);
      for (const intruder of [
        'intruder-none',
        'intruder-forged',
        'intruder-dpo',
        'intruder-service',
        'intruder-support',
      ]) {
        expect(await logOf(intruder)).toEqual([]);
      }
    });
  });
});
