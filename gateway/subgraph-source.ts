import { clientSpan } from '../common/tracing';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { READ_REPORT_EXTENSION } from '../common/access';
import { internalTokenFor, mergeReads, type GatewayContext } from './context';
import { subgraphCallSeconds } from '../common/metrics';
import { post, type HttpAnswer } from '../common/http-client';

/** A subgraph's answer as the gateway's executor takes it. */
type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource<GatewayContext>['process']>>;

/**
 * How the gateway talks to one subgraph.
 * - Every call gets a deadline: the stock data source has none, so a hung subgraph would hold
 *   the client forever. It goes through the keep-alive pool of common/http-client.ts, not fetch.
 * - Every call carries an internal token for this subgraph with the caller's identity; no
 *   header of the client's request is passed on but `Idempotency-Key`, to `requests` only.
 * - The subgraph's report of personal data read is collected for the access log.
 *
 * Apollo's `GraphQLDataSource` written for these calls alone, not a `RemoteGraphQLDataSource`
 * (decision 334): the stock one builds node-fetch `Headers` and a node-fetch `Request` per call
 * that it sends nowhere (kept for hooks we do not use), which was a few percent of the gateway's
 * CPU per export. What it did that we rely on is kept as it was: the same body, an answer that
 * is not 2xx turned into the same `GraphQLError` (`<status>: <statusText>`, `UNAUTHENTICATED`
 * for 401, `FORBIDDEN` for 403), a body that is not JSON refused, a refused connection or a
 * deadline thrown as the socket's error. No subgraph answer is cacheable: the request's cache
 * policy is restricted to `maxAge: 0` on every call, what the stock source did for answers
 * without `Cache-Control`, which ours never send (personal data is never cached).
 */
export class SubgraphSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    readonly url: string,
    private readonly timeoutMs: number,
    private readonly internalKey: Uint8Array,
    private readonly onCall: (subgraph: string) => void,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    this.onCall(this.name);
    const { query, operationName, variables, extensions } = options.request;
    if (!query) throw new Error('Missing query');
    const context = options.context as Partial<GatewayContext> | undefined;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (context?.principal) {
      headers.authorization = `Bearer ${await internalTokenFor(context as GatewayContext, this.internalKey, this.name)}`;
      // The one client header passed on: the ledger records a rights request once per key.
      if (this.name === 'requests' && context.idempotencyKey !== undefined)
        headers['idempotency-key'] = context.idempotencyKey;
    }
    const answer = await this.send(headers, JSON.stringify({ query, variables, operationName, extensions }));
    if (!answer.ok) throw await errorFromAnswer(answer);
    const body = await parseBody(answer);
    if (typeof body !== 'object' || body === null)
      throw new Error(`Expected JSON response body, but received: ${String(body)}`);
    const response = body as GatewayGraphQLResponse;
    if (context) mergeReads(context as GatewayContext, response.extensions?.[READ_REPORT_EXTENSION]);
    if ('incomingRequestContext' in options) {
      const policy: unknown = options.incomingRequestContext.overallCachePolicy;
      if (isCachePolicy(policy)) policy.restrict({ maxAge: 0 });
    }
    return response;
  }

  private async send(headers: Record<string, string>, body: string): Promise<HttpAnswer> {
    const end = subgraphCallSeconds.startTimer({ subgraph: this.name });
    try {
      const answer = await clientSpan(`POST ${this.name}`, { 'peer.service': this.name }, headers, () =>
        post(this.url, headers, body, this.timeoutMs),
      );
      end({ outcome: answer.ok ? 'ok' : `http_${answer.status}` });
      return answer;
    } catch (error) {
      end({ outcome: 'unreachable' });
      throw error;
    }
  }
}

const isCachePolicy = (value: unknown): value is { restrict(hint: { maxAge: number }): void } =>
  typeof value === 'object' && value !== null && 'restrict' in value && typeof value.restrict === 'function';

function parseBody(answer: HttpAnswer): Promise<unknown> {
  const type = answer.headers.get('content-type');
  return type?.startsWith('application/json') || type?.startsWith('application/graphql-response+json')
    ? answer.json()
    : answer.text();
}

/** A subgraph's answer that is not 2xx, as Apollo's data source reports it. */
async function errorFromAnswer(answer: HttpAnswer): Promise<GraphQLError> {
  const body = await parseBody(answer);
  const code = answer.status === 401 ? 'UNAUTHENTICATED' : answer.status === 403 ? 'FORBIDDEN' : undefined;
  return new GraphQLError(`${answer.status}: ${answer.statusText}`, {
    extensions: {
      response: { url: answer.url, status: answer.status, statusText: answer.statusText, body },
      ...(code ? { code } : {}),
    },
  });
}
