import fs from 'node:fs';
import { DEFAULT_LIMITS, rateLimiterFor, type Limits } from '../gateway/limits';
import { buildGateway, type GatewayServer } from '../gateway/gateway';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../common/keys';
import { demoId } from '../common/demo/random';
import { exportQuery, supergraphSchema } from '../schema/supergraph';
import { setEnv } from './helpers/env';
import { freePort, REDIS_BINARY, startRedis, type RedisServer } from './helpers/redis-server';
import { startStack, type Stack } from './helpers/stack';

const EXPORT = exportQuery(supergraphSchema());
const READ = 'query($id: ID!) { subject(id: $id) { fullName } }';
const ID = demoId('subject', 0);
const LIMITS: Limits = { ...DEFAULT_LIMITS, requestsPerMinute: 6, exportsPerMinute: 2 };
const describeWithRedis = fs.existsSync(REDIS_BINARY) ? describe : describe.skip;

/**
 * Limits shared by replicas (issue 19): with REDIS_URL, two gateways over the same subgraphs
 * give a caller the budget of one. Redis unreachable: ordinary reads go through, full exports are
 * refused with LIMITS_UNAVAILABLE (HTTP 503) and no subgraph is asked.
 */
describeWithRedis('per-caller limits in Redis, shared by two gateways', () => {
  let redis: RedisServer;
  let stack: Stack;
  let restore: () => void;
  const extra: GatewayServer[] = [];

  async function secondGateway(options: { redisUrl?: string } = {}): Promise<string> {
    const gateway = await buildGateway({
      subgraphUrls: Object.fromEntries(
        Object.entries(stack.subgraphs).map(([n, s]) => [n, `${s.listening.url}/graphql`]),
      ),
      callerAuth: {
        key: { kind: 'secret', secret: stack.secrets.caller },
        issuer: DEFAULT_ISSUER,
        audience: DEFAULT_AUDIENCE,
      },
      internalSecret: stack.secrets.internal,
      limits: LIMITS,
      ...(options.redisUrl ? { rateLimiter: await rateLimiterFor(LIMITS, options.redisUrl) } : {}),
    });
    extra.push(gateway);
    return `${(await gateway.listen(0)).url}/graphql`;
  }

  async function post(url: string, sub: string, query: string) {
    const token = await stack.token({ roles: ['dpo'], sub });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { id: ID } }),
    });
    const body = (await res.json()) as {
      data?: unknown;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    };
    return { status: res.status, code: body.errors?.[0]?.extensions?.code ?? null, body };
  }

  beforeAll(async () => {
    redis = await startRedis();
    restore = setEnv({ REDIS_URL: redis.url });
    stack = await startStack({ subjects: 3, limits: LIMITS });
  });
  afterAll(async () => {
    for (const g of extra) await g.stop(0);
    await stack.stop();
    restore();
    await redis.stop();
  });

  it("a caller's budget holds across both gateways: six answered in all, the seventh refused on either", async () => {
    const other = await secondGateway();
    const urls = [stack.gatewayUrl, other];
    const answers = [];
    for (let i = 0; i < 6; i += 1) answers.push(await post(urls[i % 2], 'shared-caller', READ));
    expect(answers.map((a) => a.code)).toEqual([null, null, null, null, null, null]);
    for (const url of urls) {
      const refused = await post(url, 'shared-caller', READ);
      expect([refused.status, refused.code]).toEqual([429, 'RATE_LIMITED']);
    }
    // Another caller has a budget of their own.
    expect((await post(other, 'someone-else', READ)).code).toBeNull();
  });

  it('Redis unreachable: reads go through (fail open), full exports are refused (fail closed)', async () => {
    const closed = await secondGateway({ redisUrl: `redis://127.0.0.1:${await freePort()}` });
    for (let i = 0; i < LIMITS.requestsPerMinute + 2; i += 1) {
      const read = await post(closed, 'while-redis-is-away', READ);
      expect([read.status, read.code]).toEqual([200, null]);
    }
    const exported = await post(closed, 'exporter-while-away', EXPORT);
    expect([exported.status, exported.code]).toEqual([503, 'LIMITS_UNAVAILABLE']);
    expect(exported.body.data).toBeUndefined();
  });
});
