import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SUBGRAPH_NAMES } from '../common/config';
import { demoId } from '../common/demo/random';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../common/keys';
import { buildGateway, type GatewayServer } from '../gateway/gateway';
import { startStack, type GraphQLResponse, type Stack } from './helpers/stack';

/**
 * A subgraph that answers badly (a proxy's HTML error page, text where JSON was due, a refusal
 * of the gateway's token) through the gateway's own data source (gateway/subgraph-source.ts):
 * the client gets what the other subgraphs hold, and an error for the part that is missing, with
 * a code and nothing of the page it was sent; the gateway's token and call go out as to any subgraph.
 */

const SUBJECT = demoId('subject', 0);
const QUERY = `query($id: ID!) { subject(id: $id) { fullName invoices { number } } }`;
const PAGE = '<html><body>502 Bad Gateway: upstream billing-7f9c at 10.0.3.7 said SELECT * FROM invoice</body></html>';

type Export = { subject: { fullName: string; invoices: Array<{ number: string }> | null } | null };

describe('a subgraph that answers badly', () => {
  let stack: Stack;
  let gateway: GatewayServer;
  let url: string;
  /** What the stand-in for billing answers next, and what it was sent. */
  let answer: { status: number; type: string; body: string };
  const seen: Array<{ authorization?: string; body: string }> = [];
  const billing = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ authorization: req.headers.authorization, body });
      res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
    });
  });

  beforeAll(async () => {
    stack = await startStack({ subjects: 2, production: true });
    await new Promise<void>((resolve) => billing.listen(0, '127.0.0.1', resolve));
    const subgraphUrls = Object.fromEntries(
      SUBGRAPH_NAMES.map((n) => [n, `${stack.subgraphs[n].listening.url}/graphql`]),
    );
    subgraphUrls.billing = `http://127.0.0.1:${(billing.address() as AddressInfo).port}/graphql`;
    gateway = await buildGateway({
      subgraphUrls,
      production: true,
      internalSecret: stack.secrets.internal,
      callerAuth: {
        key: { kind: 'secret', secret: stack.secrets.caller },
        issuer: DEFAULT_ISSUER,
        audience: DEFAULT_AUDIENCE,
      },
    });
    url = `${(await gateway.listen(0)).url}/graphql`;
  });
  afterAll(async () => {
    await gateway?.stop();
    await new Promise((resolve) => billing.close(resolve));
    await stack?.stop();
  });

  async function ask(): Promise<GraphQLResponse<Export>> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token({ roles: ['dpo'] })}` },
      body: JSON.stringify({ query: QUERY, variables: { id: SUBJECT } }),
    });
    return (await res.json()) as GraphQLResponse<Export>;
  }

  /** The profile part answered, the invoices missing under `code`, nothing of the page in any error. */
  function expectInvoicesMissing(r: GraphQLResponse<Export>, code: string): void {
    expect(r.data?.subject?.fullName).toBe('Élodie Dupré-Noël');
    expect(r.data?.subject?.invoices ?? null).toBeNull();
    expect((r.errors ?? []).map((e) => e.extensions?.code)).toEqual([code]);
    expect(JSON.stringify(r.errors)).not.toMatch(/10\.0\.3\.7|SELECT|billing-7f9c|<html/);
  }

  it('an HTML error page (502): the profile part answers, the invoices are missing under INTERNAL_SERVER_ERROR, nothing of the page shown', async () => {
    answer = { status: 502, type: 'text/html', body: PAGE };
    expectInvoicesMissing(await ask(), 'INTERNAL_SERVER_ERROR');
    // The call went out as to any subgraph: with an internal token, the entity query in the body.
    const last = seen[seen.length - 1];
    expect(last.authorization).toMatch(/^Bearer eyJ/);
    const sent = JSON.parse(last.body) as { query: string; variables: unknown };
    expect(sent.variables).toMatchObject({ representations: [{ id: SUBJECT }] });
    expect(sent.query).toContain('_entities');
  });

  it('200 with text instead of JSON: the same, nothing of the text shown', async () => {
    answer = { status: 200, type: 'text/plain', body: PAGE };
    expectInvoicesMissing(await ask(), 'INTERNAL_SERVER_ERROR');
  });

  it('a subgraph refusing the gateway (403): FORBIDDEN, as the stock data source said it', async () => {
    answer = { status: 403, type: 'application/json', body: JSON.stringify({ errors: [{ message: PAGE }] }) };
    expectInvoicesMissing(await ask(), 'FORBIDDEN');
  });
});
