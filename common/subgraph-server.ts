import 'reflect-metadata';
import { log } from './log';
import { appendRecent } from './recent';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { EntityManager, MixedList } from 'typeorm';
import type { DemoSubject } from './demo/plan';
import type { NonEmptyArray } from 'type-graphql';
import { policyFromEnv, validatePolicy, type PrivacyPolicy } from '../policies';
import { isProduction, type DataSubgraphName, type DbConfig, type SubgraphName } from './config';
import { secretKey } from './internal-token';
import { internalTokenSecret, keyEnv } from './keys';
import { gatewayCallerFromEnv, peersFromEnv, type GatewayCaller } from './peers';
import {
  accessFrom,
  guardReferenceResolvers,
  guardSubjectFields,
  readReportPlugin,
  requireInternalToken,
  type AccessContext,
  inRequestScope,
  type GuardedLocals,
} from './subgraph-guard';
import { openSubgraphDatabase, type SubgraphDatabase } from './datasource';
import { restrictedCategoriesReader } from './restricted-data';
import { formatSubgraphError } from './errors';
import { compiledSchema } from './compiled-executor';
import { servable, type Listening } from './http';
import { metricsAccessFromEnv, metricsHandler } from './metrics';
import { readyHandler, type StopState } from './readiness';
import { databaseCheck, dependencyChecks, migrationsCheck } from './readiness-checks';
import type { SqlCounter } from './sql-counter';
import { buildFederatedSchema, type FederatedSchema, type ReferenceResolver } from './subgraph-schema';
import { chunkSettingsFromEnv, type ChunkSettings } from './privacy-contract/retention.settings';

/* eslint-disable @typescript-eslint/no-unsafe-function-type */

/** What a subgraph is given besides its database: the policy it honours, and for `requests` its peers. */
export interface SubgraphRuntime {
  policy: PrivacyPolicy;
  production: boolean;
  /** The internal-token key: `requests` signs its privacy-contract calls with it. */
  internalKey: Uint8Array;
  /** GraphQL URLs of the data subgraphs (the privacy contract is called there directly). */
  peers: Record<DataSubgraphName, string>;
  /** DATA_DIR: the SQLite files, and what a service writes beside them (mail as `.eml` files). */
  dataDir: string;
  /** For `requests`: how it asks the gateway for a subject's export (the access package worker). */
  gateway?: GatewayCaller;
  /** How a retention sweep commits (RETENTION_CHUNK_ROWS), read once at the start. */
  retention: ChunkSettings;
}

/** Work a subgraph does outside requests (the ledger's retry worker); stopped before the pools close. */
export interface Background {
  stop(): Promise<void>;
}

/** Everything that makes one subgraph; each `subgraphs/<name>/<name>.subgraph.ts` exports one. */
export interface SubgraphDefinition<Ctx extends AccessContext> {
  name: SubgraphName;
  entities: MixedList<Function>;
  migrations: MixedList<Function>;
  resolvers: NonEmptyArray<Function>;
  /** Types that no root field reaches (DataSubject where the subgraph only extends it). */
  orphanedTypes?: Function[];
  referenceResolvers: Record<string, ReferenceResolver<Ctx>>;
  /**
   * Called once per GraphQL request: fresh DataLoaders, so nothing is cached across requests.
   * The caller's access (who, and what they may read) is added by the server from the internal token.
   */
  createContext(db: SubgraphDatabase, runtime: SubgraphRuntime): Omit<Ctx, 'access'>;
  /** Routes other than GraphQL, mounted under /internal behind the same internal-token check. */
  internalRoutes?(router: express.Router, db: SubgraphDatabase, runtime: SubgraphRuntime): void;
  /** Started once the server is built (before it listens), stopped first by `stop()`. */
  background?(db: SubgraphDatabase, runtime: SubgraphRuntime): Background;
  /** Writes this subgraph's part of the demo population (tables are empty when called). */
  seed(db: EntityManager, plan: readonly DemoSubject[], now: Date, extras?: DemoExtras): Promise<void>;
}

/** What a subgraph may add to the demo population beyond the plan. */
export interface DemoExtras {
  /** The request desk's demo cases (open, overdue, failed, held...). */
  deskCases: boolean;
}

/** What a test or the launcher gets back: the parts it may want to look at. */
export interface SubgraphServer {
  name: SubgraphName;
  db: SubgraphDatabase;
  sql: SqlCounter;
  /** The last operations received (common/recent.ts), in order: lets a test say which subgraphs a query reached. */
  operations: string[];
  app: express.Express;
  listen(port: number): Promise<Listening>;
  /** `/ready` answers 503 from now on (the first step of a graceful stop). */
  markStopping(): void;
  /** Stops accepting, lets requests under way finish (up to `graceMs`), stops background work, closes the pool. */
  stop(graceMs?: number): Promise<void>;
}

export interface SubgraphServerOptions {
  db: DbConfig;
  production?: boolean;
  internalSecret?: string;
  /** Default: POLICY from the environment. */
  policy?: PrivacyPolicy;
  /** Default: PROFILE_URL, SESSIONS_URL, ... from the environment, else the default local ports. */
  peers?: Record<DataSubgraphName, string>;
  /** Default: GATEWAY_URL and the configured caller key (gatewayCallerFromEnv). */
  gateway?: GatewayCaller;
}

// type-graphql keeps one global metadata store: a subgraph schema is built once per process.
const schemas = new Map<SubgraphName, Promise<FederatedSchema>>();

export function subgraphSchema<Ctx extends AccessContext>(def: SubgraphDefinition<Ctx>): Promise<FederatedSchema> {
  let schema = schemas.get(def.name);
  if (!schema) {
    schema = buildFederatedSchema<Ctx>({
      resolvers: def.resolvers,
      orphanedTypes: def.orphanedTypes,
      referenceResolvers: guardReferenceResolvers(def.referenceResolvers),
    }).then((built) => {
      guardSubjectFields(built.schema);
      return built;
    });
    schemas.set(def.name, schema);
  }
  return schema;
}

export async function buildSubgraphServer<Ctx extends AccessContext>(
  def: SubgraphDefinition<Ctx>,
  options: SubgraphServerOptions,
): Promise<SubgraphServer> {
  const production = options.production ?? isProduction();
  const internalKey = secretKey(
    options.internalSecret ?? internalTokenSecret(keyEnv(production)),
    'INTERNAL_TOKEN_SECRET',
  );
  const runtime: SubgraphRuntime = {
    // A malformed period stops the service here, naming its rule (policies/validate.ts).
    policy: validatePolicy(options.policy ?? policyFromEnv()),
    production,
    internalKey,
    peers: options.peers ?? peersFromEnv(),
    dataDir: options.db.sqliteDir,
    gateway: options.gateway ?? gatewayCallerFromEnv(),
    // A malformed RETENTION_CHUNK_ROWS stops the service here, naming the variable.
    retention: chunkSettingsFromEnv(),
  };
  const [{ schema }, db] = await Promise.all([
    subgraphSchema(def),
    openSubgraphDatabase(def.name, options.db, def.entities, def.migrations),
  ]);
  const operations: string[] = [];
  const recordOperations: ApolloServerPlugin<Ctx> = {
    async requestDidStart({ request }) {
      const operation = request.query?.includes('_entities') ? '_entities' : (request.operationName ?? 'anonymous');
      appendRecent(operations, operation);
      log().debug({ operation }, 'operation');
    },
  };
  const apollo = new ApolloServer<Ctx>({
    gateway: compiledSchema(schema), // the schema, each operation compiled once (decision 341)
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    // The process owner (main.ts, npm start, tests) shuts down in order: servers, then pools.
    // Apollo's own handler would re-raise the signal and kill the process before the pools close.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatSubgraphError(formatted, error),
    // Inline traces would send every resolver's timing to whoever calls. Cache control hooks every
    // field of every record for hints nobody sets (off: a 1000-subject export 1.62 s -> 1.43 s, p50).
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      recordOperations,
      readReportPlugin<Ctx>(),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag'); // no SHA-1 of every answer: nobody makes a conditional GET here (decision 343)
  // Liveness: the process answers. Readiness: it can serve (common/readiness.ts).
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', subgraph: def.name });
  });
  app.get('/metrics', metricsHandler(metricsAccessFromEnv(production)));
  const stopState: StopState = { stopping: false };
  app.get(
    '/ready',
    readyHandler(
      def.name,
      [databaseCheck(db.dataSource), migrationsCheck(db.dataSource), ...dependencyChecks()],
      stopState,
    ),
  );
  const onlyTheGateway = requireInternalToken(internalKey, def.name);
  app.use(
    '/graphql',
    onlyTheGateway,
    express.json({ limit: '1mb' }),
    inRequestScope,
    expressMiddleware(apollo, {
      context: async ({ req, res }) =>
        ({
          ...def.createContext(db, runtime),
          restrictedCategories: restrictedCategoriesReader(db.dataSource),
          access: accessFrom(res.locals as GuardedLocals),
          idempotencyKey: req.get('idempotency-key') ?? null,
        }) as Ctx,
    }),
  );
  if (def.internalRoutes) {
    const router = express.Router();
    def.internalRoutes(router, db, runtime);
    app.use('/internal', onlyTheGateway, express.json({ limit: '5mb' }), inRequestScope, router);
  }

  const background = def.background?.(db, runtime);

  return {
    name: def.name,
    db,
    sql: db.sql,
    operations,
    app,
    // In this order: requests under way have finished (servable), then background work stops
    // (a pass under way ends first), then Apollo, then the pool the two of them used.
    ...servable(
      app,
      async () => {
        await background?.stop().catch(() => undefined);
        await apollo.stop().catch(() => undefined);
        if (db.dataSource.isInitialized) await db.dataSource.destroy();
      },
      stopState,
    ),
  };
}
