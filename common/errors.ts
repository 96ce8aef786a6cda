import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { log as logger } from './log';

/** Codes whose message we wrote ourselves and that are safe to show a client as they are. */
export const CLIENT_SAFE_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'SUBGRAPH_UNAVAILABLE',
  'RATE_LIMITED',
  'LIMITS_UNAVAILABLE',
  'ACCESS_LOG_UNAVAILABLE',
  // Rights requests (subgraphs/requests).
  'ALREADY_ERASED',
  'SUBJECT_ERASED',
  'REQUEST_CLOSED',
  'INVALID_TOKEN',
  // The same Idempotency-Key with another body (subgraphs/requests/ledger/idempotency.ts).
  'IDEMPOTENCY_KEY_REUSED',
  'EMAIL_TAKEN',
  // The account's life (subgraphs/requests/lifecycle.*).
  'ERASURE_UNDER_WAY',
  'NOT_A_MINOR',
  // Mail delivery (subgraphs/requests/outbox.resolver.ts).
  'MESSAGE_NOT_FAILED',
  // Legal holds (subgraphs/requests/holds.service.ts).
  'HOLD_RELEASED',
  'HOLD_PENDING',
  // The right of access (subgraphs/requests/access.resolver.ts, package.route.ts).
  'EXPORT_IN_PROGRESS',
  'PACKAGE_NOT_READY',
  'PACKAGE_MISSING',
  'PACKAGE_EXPIRED',
]);

/** Extensions of our own errors a client may see besides the code: none holds personal data. */
export function safeExtensions(extensions: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['argumentName', 'requestId']) {
    const value = extensions?.[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** What a log line says of something thrown: its message, or the thing itself when it is not an Error. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * An error raised on purpose: the code says to the client what happened (the ones it may read
 * as they are are in CLIENT_SAFE_CODES), `extensions` add what it needs (argumentName, http).
 */
export function fail(code: string, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** The subject id names no one here: the same words wherever a subject is looked up. */
export function noSuchSubject(): GraphQLError {
  return fail('NOT_FOUND', 'No subject with this id.');
}

export function badUserInput(message: string, argumentName?: string): GraphQLError {
  return fail('BAD_USER_INPUT', message, argumentName ? { argumentName } : {});
}

function codeOf(formatted: GraphQLFormattedError): string {
  const code = formatted.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

/**
 * What a subgraph lets out of an error. Errors we raised on purpose keep their message and
 * code; anything else (a driver error with SQL and values in it, a bug) becomes a generic
 * message with a reference that finds the full error in the server log.
 */
export function formatSubgraphError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (line: string) => void = (line) => logger().error(line),
): GraphQLFormattedError {
  const code = codeOf(formatted);
  if (CLIENT_SAFE_CODES.has(code)) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code, ...safeExtensions(formatted.extensions) },
    };
  }
  const ref = randomUUID().slice(0, 8);
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const summary = original instanceof Error ? `${original.name}: ${original.message}` : String(original);
  log(`[error ${ref}] ${summary}`);
  return {
    message: `Internal error (ref ${ref})`,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', ref },
  };
}
