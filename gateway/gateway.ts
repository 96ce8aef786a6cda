import 'reflect-metadata';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { withLogScope } from '../common/log';
import { appendRecent } from '../common/recent';
import { metricsAccessFromEnv, metricsHandler } from '../common/metrics';
import { metricsPlugin } from './metrics-plugin';
import { isProduction } from '../common/config';
import { policyFromEnv } from '../policies';
import { demoId } from '../common/demo/random';
import { servable, type Servable } from '../common/http';
import { readyHandler, type StopState } from '../common/readiness';
import { READY_PROBE_TIMEOUT_MS } from '../common/readiness-checks';
import { gatewayReadinessChecks, readySubgraphsFromEnv } from './ready';
import { secretKey } from '../common/internal-token';
import { callerAuthConfig, internalTokenSecret, keyEnv, type CallerAuthConfig } from '../common/keys';
import { exportQuery, readSupergraphSdl, supergraphSchema } from '../schema/supergraph';
import { accessLogPlugin } from './access-log';
import { createAuthenticator } from './auth';
import { newContext, type GatewayContext } from './context';
import { formatGatewayError } from './format-error';
import { inputErrorsPlugin } from './input-errors';
import {
  checkTokenLimit,
  limitPlugins,
  limitsFromEnv,
  limitValidationRules,
  bodyErrorHandler,
  type RateLimiter,
  rateLimiterFor,
  type Limits,
} from './limits';
import { readSecret } from '../common/secrets';
import { withMentees } from './mentor-scope';
import { playgroundAssets, playgroundHtml } from './playground';
import { deskRoutes } from './desk-route';
import { SubgraphSource } from './subgraph-source';
import { installCompiledShaping } from './shaping/install';
import { packageProxy } from './package-proxy';
import { packageBrowserRoutes } from './package-browser';
import { unsubscribeProxy } from './unsubscribe-proxy';

export interface GatewayOptions {
  /** Defaults to the committed schema/supergraph.graphql. */
  supergraphSdl?: string;
  /** Where each subgraph really is, when not at the URL the supergraph records. */
  subgraphUrls?: Partial<Record<string, string>>;
  production?: boolean;
  /** Deadline of one subgraph call. */
  subgraphTimeoutMs?: number;
  /** How callers' tokens are checked; default from AUTH_* (common/keys.ts). */
  callerAuth?: CallerAuthConfig;
  /** Secret of the internal tokens; default INTERNAL_TOKEN_SECRET. */
  internalSecret?: string;
  /** Hardening limits; default from LIMIT_* (gateway/limits/limits.config.ts). */
  limits?: Limits;
  /** Per-caller budgets; default: in Redis when REDIS_URL is set, otherwise in this process. */
  rateLimiter?: RateLimiter;
  /** A token for the playground's headers (development only: npm start passes the dpo token). */
  playgroundToken?: string;
  /** The subgraphs whose `/ready` the gateway's requires; default GATEWAY_READY_SUBGRAPHS (all). */
  readySubgraphs?: string[];
  /** The policy the subgraphs apply, told by `/ready` (default: POLICY, as the subgraphs read it). */
  policy?: string;
}

export interface GatewayServer extends Servable {
  app: express.Express;
  /** The last subgraph calls made (common/recent.ts), in order: which services a query reached. */
  calls: string[];
}

export async function buildGateway(options: GatewayOptions = {}): Promise<GatewayServer> {
  const production = options.production ?? isProduction();
  const supergraphSdl = options.supergraphSdl ?? readSupergraphSdl();
  const env = keyEnv(production);
  // Both keys are read before anything listens: in production a missing key stops the start.
  const authenticate = await createAuthenticator(options.callerAuth ?? callerAuthConfig(env));
  const internalKey = secretKey(options.internalSecret ?? internalTokenSecret(env), 'INTERNAL_TOKEN_SECRET');
  const limits = options.limits ?? limitsFromEnv(env);
  const rateLimiter = options.rateLimiter ?? (await rateLimiterFor(limits, readSecret('REDIS_URL') ?? null));
  const timeoutMs = options.subgraphTimeoutMs ?? 10_000;
  const calls: string[] = [];
  const urls = new Map<string, string>();
  installCompiledShaping();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls?.[name] ?? url ?? '';
      urls.set(name, target);
      return new SubgraphSource(name, target, timeoutMs, internalKey, (n) => appendRecent(calls, n));
    },
  });
  const requestsBase = (): string => (urls.get('requests') ?? '').replace(/\/graphql\/?$/, '');
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    // Production: no "Did you mean ...?" that would spell out the schema to a prober.
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    // Shutdown is the process owner's (see common/subgraph-server.ts).
    stopOnTerminationSignals: false,
    // Batched HTTP requests would multiply the cost of one request past every limit.
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    validationRules: limitValidationRules(limits),
    formatError: (formatted, error) => formatGatewayError(formatted, production, error),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      inputErrorsPlugin<GatewayContext>(),
      metricsPlugin(),
      ...limitPlugins({ rateLimiter, supergraphSdl }),
      // A getter: the URLs are known once the gateway has built its services, at start.
      accessLogPlugin({
        get url() {
          return `${requestsBase()}/internal/access-log`;
        },
        key: internalKey,
        timeoutMs,
      }),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // No ETag computed from every body sent: GraphQL answers are POSTs (a SHA-1 over megabytes of a
  // bulk export, for a conditional GET nobody can make); the desk's page sets its own (decision 343).
  app.disable('etag');
  if (production) {
    // No playground: its ready query is the whole export, every field name, which introspection
    // (off in production) would otherwise be the only way to learn.
    app.get('/', (_req, res) => {
      res.status(404).type('text').send('Not found. The GraphQL API is at /graphql.');
    });
  } else {
    const ready = playgroundHtml({
      query: exportQuery(supergraphSchema(supergraphSdl)),
      variables: { id: demoId('subject', 0) },
      headers: options.playgroundToken ? { Authorization: `Bearer ${options.playgroundToken}` } : undefined,
    });
    app.get('/', (_req, res) => {
      res.type('html').send(ready);
    });
    app.use('/playground', playgroundAssets());
  }
  app.get('/metrics', metricsHandler(metricsAccessFromEnv(production)));
  // The request desk: static, in production too; its data calls carry the user's own token.
  app.use(deskRoutes());
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready when the subgraphs it requires (all, by default: gateway/ready.ts) say they are.
  // Apollo has built a service per subgraph by now (apollo.start(), above).
  const stopState: StopState = { stopping: false };
  const required = options.readySubgraphs ?? readySubgraphsFromEnv([...urls.keys()]);
  app.get(
    '/ready',
    readyHandler(
      'gateway',
      gatewayReadinessChecks(required, (name) => urls.get(name) ?? ''),
      stopState,
      READY_PROBE_TIMEOUT_MS,
      { policy: options.policy ?? policyFromEnv().id },
    ),
  );
  // Access packages (GET /packages/<request id>): authenticated here, decided by `requests`;
  // a browser (no Authorization) opening the mail's link gets pages (docs/access-packages.md).
  packageBrowserRoutes(app, { authenticate, rateLimiter, requestsBase, key: internalKey, timeoutMs: 60_000 });
  app.get(
    '/packages/:id',
    packageProxy({ authenticate, rateLimiter, requestsBase, key: internalKey, timeoutMs: 60_000 }),
  );
  // One-click unsubscribe links (RFC 8058 POST, or a click): no sign-in, decided by `requests`.
  const unsubscribe = unsubscribeProxy({ requestsBase, key: internalKey, timeoutMs: 10_000 });
  app.get('/unsubscribe/:token', unsubscribe);
  app.post('/unsubscribe/:token', unsubscribe);
  app.use(
    '/graphql',
    express.json({ limit: limits.maxBodyBytes }),
    // After the body is read: its stream events would run outside the scope.
    (_req: express.Request, _res: express.Response, next: express.NextFunction) =>
      withLogScope({ requestId: randomUUID() }, next),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const principal = await authenticate(req.headers.authorization);
        await rateLimiter.admitRequest(principal);
        // Before Apollo Server parses the query (see checkTokenLimit).
        checkTokenLimit(req, limits);
        const ctx = newContext(principal, req.get('idempotency-key'));
        ctx.principal = await withMentees(principal, urls.get('sessions') ?? '', internalKey, ctx.requestId, timeoutMs);
        return ctx;
      },
    }),
    bodyErrorHandler(limits),
  );

  return {
    app,
    calls,
    ...servable(
      app,
      async () => {
        await apollo.stop();
        await rateLimiter.close();
      },
      stopState,
    ),
  };
}
