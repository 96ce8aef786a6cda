/**
 * A graceful stop, on a real process: SIGTERM makes `/ready` say 503 at once while `/health`
 * stays 200 (for SHUTDOWN_DELAY_MS, the time a load balancer needs to notice), then the service
 * refuses new connections, the request under way still gets its answer, and the process exits 0
 * after closing its pool. The process reads its internal-token key from a file
 * (INTERNAL_TOKEN_SECRET_FILE), as a container given a Docker secret does.
 */
import { dbConfigEnv } from '../common/config';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { dropMysqlDatabases, mysqlDatabaseName } from '../common/datasource';
import { secretKey, signInternalToken } from '../common/internal-token';
import { isolatedDbConfig } from './helpers/stack';
import { startServiceProcess, type ServiceProcess } from './helpers/service-process';

/** A request whose body is only half sent: in flight for as long as the test wants. */
function halfSentRequest(port: number, token: string, body: string) {
  const half = Math.floor(body.length / 2);
  let resolveAnswer: (a: { status: number; body: string }) => void;
  let rejectAnswer: (e: Error) => void;
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    resolveAnswer = resolve;
    rejectAnswer = reject;
  });
  const req = http.request({
    host: '127.0.0.1',
    port,
    path: '/graphql',
    method: 'POST',
    agent: false,
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      authorization: `Bearer ${token}`,
    },
  });
  req.on('response', (res) => {
    let text = '';
    res.on('data', (c: Buffer) => (text += c.toString('utf8')));
    res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, body: text }));
  });
  req.on('error', (e) => rejectAnswer(e));
  req.write(body.slice(0, half));
  return {
    answer,
    finish: () => req.end(body.slice(half)),
  };
}

async function refused(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) }).then(
    () => false,
    (e: { cause?: { code?: string } }) => e.cause?.code === 'ECONNREFUSED',
  );
}

describe('graceful stop on SIGTERM', () => {
  const db = isolatedDbConfig();
  const secret = randomBytes(32).toString('base64url');
  const secretFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dsg-secret-')), 'internal_token_secret');
  let service: ServiceProcess;

  beforeAll(async () => {
    // As `echo ... > file` writes it: the trailing newline is not part of the key.
    fs.writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
    service = await startServiceProcess('subgraphs/profile/main.js', {
      ...dbConfigEnv(db),
      INTERNAL_TOKEN_SECRET_FILE: secretFile,
      SHUTDOWN_DELAY_MS: '1500',
      SHUTDOWN_GRACE_MS: '8000',
    });
    await service.waitFor('/ready');
  });

  afterAll(async () => {
    service?.child.kill('SIGKILL');
    await service?.exited;
    if (db.kind === 'mysql') await dropMysqlDatabases(db, [mysqlDatabaseName(db, 'profile')]);
    fs.rmSync(db.sqliteDir, { recursive: true, force: true });
    fs.rmSync(path.dirname(secretFile), { recursive: true, force: true });
  });

  it('503 on /ready at once, new connections refused after the delay, the request under way answered, exit 0', async () => {
    const token = await signInternalToken(secretKey(secret, 'test'), 'profile', {
      principal: { sub: 'test-gateway', roles: ['dpo'] },
      requestId: randomUUID(),
    });
    const inFlight = halfSentRequest(service.port, token, JSON.stringify({ query: '{ __typename }' }));
    // The request is in the server's hands (headers read, body awaited) before the signal.
    await new Promise((r) => setTimeout(r, 200));

    service.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const ready = await fetch(`http://127.0.0.1:${service.port}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not ready', failing: ['stopping'] });
    expect((await fetch(`http://127.0.0.1:${service.port}/health`)).status).toBe(200);

    // After SHUTDOWN_DELAY_MS: no new connection is accepted...
    const deadline = Date.now() + 5000;
    while (!(await refused(service.port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await refused(service.port)).toBe(true);

    // ...but the one under way is served to the end, with the key read from the file.
    inFlight.finish();
    expect(await inFlight.answer).toEqual({ status: 200, body: expect.stringContaining('"__typename":"Query"') });

    expect(await service.exited).toEqual({ code: 0, signal: null });
    const out = service.output();
    expect(out).toContain('profile: SIGTERM, stopping');
    expect(out).toContain('profile: stopped');
    expect(out).not.toContain(secret);
  });
});
