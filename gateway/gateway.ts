import 'reflect-metadata';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { demoId } from '../common/demo/random';
import { servable, type Listening } from '../common/http';
import { exportQuery, readSupergraphSdl, supergraphSchema } from '../schema/supergraph';
import { formatGatewayError } from './format-error';
import { playgroundAssets, playgroundHtml } from './playground';
import { SubgraphSource } from './subgraph-source';

export interface GatewayOptions {
  /** Defaults to the committed schema/supergraph.graphql. */
  supergraphSdl?: string;
  /** Where each subgraph really is, when not at the URL the supergraph records. */
  subgraphUrls?: Partial<Record<string, string>>;
  production?: boolean;
  /** Deadline of one subgraph call. */
  subgraphTimeoutMs?: number;
}

export interface GatewayServer {
  app: express.Express;
  /** Subgraph calls made since the last reset, in order: which services a query reached. */
  calls: string[];
  listen(port: number): Promise<Listening>;
  stop(): Promise<void>;
}

export async function buildGateway(options: GatewayOptions = {}): Promise<GatewayServer> {
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const supergraphSdl = options.supergraphSdl ?? readSupergraphSdl();
  const calls: string[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new SubgraphSource(name, options.subgraphUrls?.[name] ?? url ?? '', options.subgraphTimeoutMs ?? 10_000, (n) => calls.push(n)),
  });
  const apollo = new ApolloServer({
    gateway,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    // Shutdown is the process owner's (see common/subgraph-server.ts).
    stopOnTerminationSignals: false,
    // Batched HTTP requests would multiply the cost of one request past every limit.
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    formatError: (formatted) => formatGatewayError(formatted, production),
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  const ready = playgroundHtml({ query: exportQuery(supergraphSchema(supergraphSdl)), variables: { id: demoId('subject', 0) } });
  app.get('/', (_req, res) => {
    res.type('html').send(ready);
  });
  app.use('/playground', playgroundAssets());
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/graphql', express.json({ limit: '256kb' }), expressMiddleware(apollo));

  return { app, calls, ...servable(app, () => apollo.stop()) };
}
