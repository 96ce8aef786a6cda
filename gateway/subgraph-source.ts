import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';

/**
 * How the gateway talks to one subgraph. The stock data source has no timeout, so a hung
 * subgraph would hold the client forever: every call gets a deadline here.
 */
export class SubgraphSource extends RemoteGraphQLDataSource {
  constructor(
    readonly name: string,
    url: string,
    timeoutMs: number,
    private readonly onCall: (subgraph: string) => void,
  ) {
    const fetcher: Fetcher = (target, init) =>
      fetch(target, { ...init, body: init?.body as string | undefined, signal: AbortSignal.timeout(timeoutMs) }) as unknown as ReturnType<Fetcher>;
    super({ url, fetcher });
  }

  override willSendRequest(_options: GraphQLDataSourceProcessOptions): void {
    this.onCall(this.name);
  }
}
