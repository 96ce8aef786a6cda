/**
 * Readiness apart from liveness, on a real stack: `/ready` says 503 and names what is missing
 * (the database, Redis, a subgraph, a stop under way) while `/health` goes on answering 200, and
 * says 200 again once it is back.
 *
 * How the database goes away, per engine, and why that is a real outage:
 * - MySQL: every service reaches the server through a TCP proxy this test owns (the real
 *   MariaDB behind it); taking the proxy down cuts the pools' connections and refuses new ones
 *   (ECONNREFUSED), which is what a service sees when the server or the network goes; bringing
 *   it back lets the pools reconnect on their own, as they must in production. Stopping the
 *   shared MariaDB itself is not an option: other test files use it at the same time.
 * - SQLite: there is no server to lose; the file is opened in-process. Destroying the
 *   DataSource closes the file handle, so every statement fails as with a lost file, and
 *   `initialize()` opens it again, as a restarted pool would.
 */
import { SUBGRAPH_NAMES, dbConfigFromEnv } from '../common/config';
import { demoId } from '../common/demo/random';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../common/keys';
import { buildGateway } from '../gateway/gateway';
import { readySubgraphsFromEnv } from '../gateway/ready';
import { startStack, type Stack } from './helpers/stack';
import { setEnv } from './helpers/env';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy';
import { startFakeRedis, type FakeRedis } from './helpers/fake-redis';

const REDIS_PASSWORD = 'redis-pass-Zq81';

interface Probe {
  status: number;
  body: { status?: string; failing?: string[] };
  text: string;
}

async function probe(base: string, path: '/ready' | '/health'): Promise<Probe> {
  const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Probe['body'], text };
}

async function eventually(base: string, status: number, timeoutMs = 15_000): Promise<Probe> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe(base, '/ready');
  while (last.status !== status && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    last = await probe(base, '/ready');
  }
  return last;
}

describe('/ready apart from /health', () => {
  const base = dbConfigFromEnv();
  let stack: Stack;
  let proxy: TcpProxy | undefined;
  let redis: FakeRedis;
  let bases: Record<string, string>;
  let gatewayBase: string;

  beforeAll(async () => {
    redis = await startFakeRedis(REDIS_PASSWORD);
    if (base.kind === 'mysql') proxy = await startTcpProxy(base.mysql.host, base.mysql.port);
    // Background loops idle after their first pass: a loop failing on the missing database
    // would only add lines to the output.
    const restore = setEnv({
      REDIS_URL: redis.url,
      REQUESTS_WORKER_INTERVAL_MS: '600000',
      MAIL_WORKER_INTERVAL_MS: '600000',
      RETENTION_SCHEDULE: 'off',
      ...(proxy ? { MYSQL_HOST: '127.0.0.1', MYSQL_PORT: String(proxy.port) } : {}),
    });
    try {
      stack = await startStack({ subjects: 2 });
    } finally {
      restore();
    }
    bases = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, stack.subgraphs[n].listening.url]));
    gatewayBase = stack.gatewayUrl.replace(/\/graphql$/, '');
  });

  afterAll(async () => {
    // The databases are dropped through the proxy: it must be up.
    await proxy?.up();
    await stack?.stop();
    await proxy?.close();
    await redis?.close();
  });

  /** What a probe may never show: where things are, what was run, what failed inside. */
  function expectNothingInternal(p: Probe): void {
    for (const leak of ['127.0.0.1', 'localhost', 'mysql', 'sqlite', 'SELECT', 'Error', 'ECONN', REDIS_PASSWORD])
      expect(p.text).not.toContain(leak);
    if (proxy) expect(p.text).not.toContain(String(proxy.port));
  }

  it('every subgraph and the gateway are ready, and live', async () => {
    for (const name of SUBGRAPH_NAMES) {
      expect(await probe(bases[name], '/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
      expect((await probe(bases[name], '/health')).status).toBe(200);
    }
    expect(await probe(gatewayBase, '/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
  });

  it('the database down: 503 naming the database, /health still 200; the gateway names every subgraph; back: 200', async () => {
    if (proxy) await proxy.down();
    else for (const name of SUBGRAPH_NAMES) await stack.subgraphs[name].server.db.dataSource.destroy();

    for (const name of SUBGRAPH_NAMES) {
      const ready = await probe(bases[name], '/ready');
      expect(ready).toMatchObject({ status: 503, body: { status: 'not ready', failing: ['database'] } });
      expectNothingInternal(ready);
      expect((await probe(bases[name], '/health')).status).toBe(200);
    }
    const gateway = await probe(gatewayBase, '/ready');
    expect(gateway.status).toBe(503);
    expect(gateway.body.status).toBe('not ready');
    expect([...(gateway.body.failing ?? [])].sort()).toEqual([...SUBGRAPH_NAMES].sort());
    expectNothingInternal(gateway);
    expect((await probe(gatewayBase, '/health')).status).toBe(200);

    if (proxy) await proxy.up();
    else for (const name of SUBGRAPH_NAMES) await stack.subgraphs[name].server.db.dataSource.initialize();

    // MySQL: the pools reconnect by themselves on the next statement; nobody restarts anything.
    for (const name of SUBGRAPH_NAMES)
      expect(await eventually(bases[name], 200)).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect(await eventually(gatewayBase, 200)).toMatchObject({ status: 200, body: { status: 'ready' } });
    // And the data is served again through the gateway.
    const id = demoId('subject', 0);
    const back = await stack.query<{ subject: { id: string } | null }>(`{ subject(id: "${id}") { id } }`);
    expect(back).toEqual({ data: { subject: { id } } });
  });

  it('Redis, when REDIS_URL is set, is checked by every service: down, 503 naming redis; back, 200', async () => {
    await redis.down();
    for (const name of SUBGRAPH_NAMES) {
      const ready = await probe(bases[name], '/ready');
      expect(ready).toMatchObject({ status: 503, body: { failing: ['redis'] } });
      expectNothingInternal(ready);
    }
    const gateway = await probe(gatewayBase, '/ready');
    expect(gateway.body.failing).toContain('redis');
    await redis.up();
    for (const name of SUBGRAPH_NAMES) expect((await eventually(bases[name], 200)).status).toBe(200);
    expect((await eventually(gatewayBase, 200)).status).toBe(200);
  });

  it('a subgraph that does not answer: the gateway names it, and only it; one told to require others stays ready', async () => {
    const billing = stack.subgraphs.billing;
    // GATEWAY_READY_SUBGRAPHS=profile,requests, as an operator who prefers partial service sets it.
    const partial = await buildGateway({
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, `${bases[n]}/graphql`])),
      callerAuth: {
        key: { kind: 'secret', secret: stack.secrets.caller },
        issuer: DEFAULT_ISSUER,
        audience: DEFAULT_AUDIENCE,
      },
      internalSecret: stack.secrets.internal,
      readySubgraphs: readySubgraphsFromEnv(SUBGRAPH_NAMES, { GATEWAY_READY_SUBGRAPHS: 'profile,requests' }),
    });
    const partialBase = (await partial.listen(0)).url;
    await billing.listening.close();
    try {
      const gateway = await probe(gatewayBase, '/ready');
      expect(gateway).toMatchObject({ status: 503, body: { status: 'not ready', failing: ['billing'] } });
      expectNothingInternal(gateway);
      expect((await probe(gatewayBase, '/health')).status).toBe(200);
      expect(await probe(partialBase, '/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
    } finally {
      await partial.stop();
      billing.listening = await billing.server.listen(billing.listening.port);
    }
    expect((await eventually(gatewayBase, 200)).status).toBe(200);
  });

  it('once a stop begins, /ready says so at once and /health stays 200', async () => {
    stack.subgraphs.support.server.markStopping();
    expect(await probe(bases.support, '/ready')).toMatchObject({
      status: 503,
      body: { status: 'not ready', failing: ['stopping'] },
    });
    expect((await probe(bases.support, '/health')).status).toBe(200);
    expect(await probe(gatewayBase, '/ready')).toMatchObject({ status: 503, body: { failing: ['support'] } });
  });
});
