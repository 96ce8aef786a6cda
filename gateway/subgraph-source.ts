import { clientSpan } from '../common/tracing';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { READ_REPORT_EXTENSION } from '../common/access';
import { internalTokenFor, mergeReads, type GatewayContext } from './context';
import { subgraphCallSeconds } from '../common/metrics';
import { post } from '../common/http-client';

/**
 * How the gateway talks to one subgraph.
 * - Every call gets a deadline: the stock data source has none, so a hung subgraph would hold
 *   the client forever. It goes through the keep-alive pool of common/http-client.ts, not fetch.
 * - Every call carries an internal token for this subgraph with the caller's identity; no
 *   header of the client's request is passed on but `Idempotency-Key`, to `requests` only.
 * - The subgraph's report of personal data read is collected for the access log.
 */
type ResponseContext = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0];

export class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    timeoutMs: number,
    private readonly internalKey: Uint8Array,
    private readonly onCall: (subgraph: string) => void,
  ) {
    const fetcher: Fetcher = async (target, init) => {
      const end = subgraphCallSeconds.startTimer({ subgraph: name });
      try {
        const headers: Record<string, string> = { ...init?.headers };
        const res = await clientSpan(`POST ${name}`, { 'peer.service': name }, headers, () =>
          post(target, headers, init?.body ?? '', timeoutMs),
        );
        end({ outcome: res.ok ? 'ok' : `http_${res.status}` });
        return res;
      } catch (error) {
        end({ outcome: 'unreachable' });
        throw error;
      }
    };
    super({ url, fetcher });
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    this.onCall(this.name);
    const context = 'context' in options ? (options.context as Partial<GatewayContext> | undefined) : undefined;
    if (!context?.principal) return;
    const token = await internalTokenFor(context as GatewayContext, this.internalKey, this.name);
    options.request.http?.headers.set('authorization', `Bearer ${token}`);
    // The one client header passed on: the ledger records a rights request once per key.
    if (this.name === 'requests' && context.idempotencyKey !== undefined)
      options.request.http?.headers.set('idempotency-key', context.idempotencyKey);
  }

  override didReceiveResponse(requestContext: ResponseContext): ResponseContext['response'] {
    mergeReads(requestContext.context, requestContext.response.extensions?.[READ_REPORT_EXTENSION]);
    return requestContext.response;
  }
}
