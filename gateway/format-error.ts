import type { GraphQLFormattedError } from 'graphql';
import { CLIENT_SAFE_CODES, safeExtensions } from '../common/errors';
import { inputErrorWording } from './input-errors';

const UNREACHABLE = new RegExp(
  [
    'ECONNREFUSED',
    'ECONNRESET',
    'ENOTFOUND',
    'EHOSTUNREACH',
    'fetch failed',
    'socket hang up',
    'aborted',
    'timeout',
    'timed out',
    'failed, reason',
  ].join('|'),
  'i',
);

/**
 * The gateway copies subgraph errors to the client with the subgraph's name and, for a
 * subgraph that is down, its URL. What leaves here: our own messages for client errors, a
 * fixed message for an unreachable subgraph, a generic one for everything else. Never a
 * stack, SQL, a subgraph name or URL in production, nor a value the client sent (input-errors.ts).
 */
export function formatGatewayError(
  formatted: GraphQLFormattedError,
  production: boolean,
  error?: unknown,
): GraphQLFormattedError {
  const ext = formatted.extensions ?? {};
  const code = typeof ext.code === 'string' ? ext.code : 'INTERNAL_SERVER_ERROR';
  const serviceName = !production && typeof ext.serviceName === 'string' ? { serviceName: ext.serviceName } : {};
  const base = { locations: formatted.locations, path: formatted.path };
  if (CLIENT_SAFE_CODES.has(code)) {
    const wording = inputErrorWording(error, code, formatted.message);
    const argumentName = wording?.argumentName ? { argumentName: wording.argumentName } : {};
    return {
      ...base,
      message: wording?.message ?? formatted.message,
      extensions: { code, ...safeExtensions(ext), ...argumentName, ...serviceName },
    };
  }
  if (UNREACHABLE.test(formatted.message)) {
    return {
      ...base,
      message: 'A data service did not answer; what it holds is missing from this response.',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', ...serviceName },
    };
  }
  const ref = typeof ext.ref === 'string' ? { ref: ext.ref } : {};
  return { ...base, message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR', ...ref, ...serviceName } };
}
