/**
 * A subgraph's operations run as compiled JavaScript (graphql-jit) instead of graphql-js's
 * interpreter (decision 341). A subgraph answers a handful of operations, all written by the
 * gateway's query planner (and the ledger's privacy-contract client): each is compiled once, the
 * second time it comes, and its compiled function runs every later request of the same text. On a
 * bulk export graphql-js walked the selection set anew for every field of every record (a
 * thousand subjects: hundreds of thousands of fields per subgraph); the compiled function knows
 * the selection and the field types already.
 *
 * Apollo Server takes another executor only through its gateway interface: `load` hands over the
 * schema (parsing, validation, plugins and error formatting stay Apollo Server's, as before) and
 * this executor; the schema never changes, so `onSchemaLoadOrUpdate` announces it once.
 */
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, GraphQLError, type GraphQLErrorExtensions, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { BoundedMap } from './bounded-map';

/**
 * Operations known per subgraph. The gateway's plans give a few dozen distinct texts; only the
 * gateway (and `requests`) may call a subgraph, but a bound keeps a stream of distinct texts
 * from growing the map: past it the oldest known leaves first.
 */
const MAX_KNOWN_OPERATIONS = 500;

/**
 * A text is compiled the second time it comes; the first time graphql-js runs it, as before.
 * Compiling one of the export's five operations took 2 to 9 ms, what a subgraph spends on ten
 * to thirty single exports: an operation that comes once (a text with a value written into it
 * rather than passed as a variable) is not worth it, and a stream of such texts must not cost
 * a compilation each. The planner's operations come again and again.
 */
export function compiledExecutor(schema: GraphQLSchema): GatewayExecutor {
  // What is known of a text: seen once, compiled, or refused by the compiler (then graphql-js
  // runs it every time, and answers what it always answered).
  const known = new BoundedMap<string, CompiledQuery | 'seen once' | 'not compiled'>(MAX_KNOWN_OPERATIONS);
  return async (request) => {
    // The same text and operation name are the same operation against this one schema.
    const key = `${request.operationName ?? ''}\n${request.source}`;
    let query = known.get(key);
    if (query === undefined) {
      known.set(key, 'seen once');
      return interpreted(schema, request);
    }
    if (query === 'not compiled') return interpreted(schema, request);
    if (query === 'seen once') {
      const made = compiled(schema, request);
      if (!made) {
        known.set(key, 'not compiled');
        return interpreted(schema, request);
      }
      known.set(key, (query = made));
    }
    const result = await query.query(undefined, request.context, request.request.variables ?? {});
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
  };
}

/** The request run by graphql-js, as Apollo Server ran it before (no root value, default resolvers). */
const interpreted = (schema: GraphQLSchema, request: GatewayGraphQLRequestContext) =>
  execute({
    schema,
    document: request.document,
    operationName: request.operationName,
    contextValue: request.context,
    variableValues: request.request.variables,
  });

/** The compiled query, or null where graphql-jit refuses the text (with errors, or by throwing). */
function compiled(schema: GraphQLSchema, request: GatewayGraphQLRequestContext): CompiledQuery | null {
  try {
    const made = compileQuery(schema, request.document, request.operationName ?? undefined);
    return isCompiledQuery(made) ? made : null;
  } catch {
    return null;
  }
}

/**
 * An error as graphql-js makes it. graphql-jit leaves `extensions` unset on the errors it wraps
 * around a resolver's failure, where graphql-js sets `{}` (or the original error's); Apollo Server
 * reads `extensions.code` before our formatError sees the error, so an unset one made every
 * internal failure a bare "Internal server error" without the reference the log holds.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  if ((error.extensions as GraphQLErrorExtensions | undefined) !== undefined) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
  });
}

/** The gateway interface for one fixed schema and the compiled executor. */
export function compiledSchema(schema: GraphQLSchema): GatewayInterface {
  const executor = compiledExecutor(schema);
  return {
    load: () => Promise.resolve({ schema, executor }),
    onSchemaLoadOrUpdate(callback) {
      // The SDL is only read by Apollo's schema reporting, which a subgraph does not do.
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    stop: () => Promise.resolve(),
  };
}
