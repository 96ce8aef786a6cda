import http from 'node:http';
import { demoId } from '../common/demo/random';
import { buildDesk } from '../scripts/build-desk';
import { exportQuery, supergraphSchema } from '../schema/supergraph';
import { startStack, type Stack } from './helpers/stack';

/**
 * No service hashes the answers it sends (decision 343): an export's answer, from the gateway or
 * from a subgraph, has no ETag. The desk's page, the one thing a browser asks for again and
 * again, still has one, and a browser that holds it gets a 304 without the page.
 */

let stack: Stack;

/**
 * A GET as a browser revalidating its copy sends it. Not fetch: a fetch that sets If-None-Match
 * adds `Cache-Control: no-cache` (the Fetch standard's cache mode), which asks for the page itself.
 */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; etag?: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag, body }));
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  // The desk's script is served from its bundle, as `npm run build` makes it.
  await buildDesk();
  stack = await startStack({ subjects: 2, production: true });
});
afterAll(async () => {
  await stack?.stop();
});

it('answers an export without an ETag, at the gateway and at every subgraph', async () => {
  const token = await stack.token({ roles: ['dpo'] });
  const res = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: exportQuery(supergraphSchema()),
      variables: { id: demoId('subject', 0) },
    }),
  });
  const body = (await res.json()) as { data?: { subject: { fullName: string } | null }; errors?: unknown };
  expect(res.status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.data?.subject?.fullName).toEqual(expect.any(String));
  expect(res.headers.get('etag')).toBeNull();
  for (const subgraph of Object.values(stack.subgraphs)) {
    const health = await fetch(`${subgraph.listening.url}/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get('etag')).toBeNull();
  }
});

it('tags the desk page and answers 304 to a browser that holds it, 200 with the page to one that holds another', async () => {
  const desk = `${stack.gatewayUrl.replace(/\/graphql$/, '')}/desk`;
  const first = await fetch(desk);
  const page = await first.text();
  const tag = first.headers.get('etag');
  expect(first.status).toBe(200);
  expect(page).toContain('<title>Request desk</title>');
  expect(tag).toMatch(/^"[A-Za-z0-9_-]+"$/);
  expect(first.headers.get('cache-control')).toBe('no-cache');

  const again = await get(desk, { 'if-none-match': tag ?? '' });
  expect(again.status).toBe(304);
  expect(again.body).toBe('');

  const stale = await get(desk, { 'if-none-match': '"an-older-page"' });
  expect(stale.status).toBe(200);
  expect(stale.etag).toBe(tag);
  expect(stale.body).toBe(page);
});

it("revalidates the desk's script by its date, since no service tags what it sends: 304 while it is the same file", async () => {
  const script = `${stack.gatewayUrl.replace(/\/graphql$/, '')}/desk/desk.js`;
  const first = await get(script);
  expect(first.status).toBe(200);
  expect(first.body.length).toBeGreaterThan(1000);
  expect(first.etag).toBeUndefined();
  const head = await fetch(script, { method: 'HEAD' });
  const modified = head.headers.get('last-modified');
  expect(modified).toMatch(/GMT$/);

  const again = await get(script, { 'if-modified-since': modified ?? '' });
  expect(again.status).toBe(304);
  expect(again.body).toBe('');

  const older = await get(script, { 'if-modified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' });
  expect(older.status).toBe(200);
  expect(older.body).toBe(first.body);
});
