/**
 * Configuration of the hardening limits: what each limit is, its default and the environment
 * variable that sets it. The other files of gateway/limits/ enforce them.
 *
 * Hardening limits of the gateway: how big, deep and costly one query may be, how big one HTTP
 * body may be, and how often one caller may ask (and ask for a whole record).
 *
 * Each limit is read from the environment when the gateway starts (a positive integer in digits;
 * anything else stops the start: common/config.ts positiveIntegerSettings), with the default in brackets:
 *
 *   LIMIT_MAX_DEPTH            [11]     deepest field nesting of an operation (fragments flattened)
 *   LIMIT_MAX_ALIASES          [10]     aliased fields in an operation, fragments included
 *   LIMIT_MAX_TOKENS           [500]    GraphQL tokens in the query text, counted before it is parsed
 *   LIMIT_MAX_DIRECTIVES       [10]     directives (@include, @skip...) in an operation, fragments included
 *   LIMIT_MAX_COST             [900]    cost of an operation (graphql-armor cost-limit: 2 an object field,
 *                                       1 a scalar, times 1.5 for each level of nesting)
 *   LIMIT_MAX_BODY_BYTES       [65536]  size of one HTTP request body (larger: 413)
 *   LIMIT_REQUESTS_PER_MINUTE  [600]    requests per caller (the token's `sub`) per minute (then 429)
 *   LIMIT_EXPORTS_PER_MINUTE   [30]     full exports per caller per minute, counted on top of the above
 *
 * What each default is measured from: next to DEFAULT_LIMITS below. A full export is defined
 * at fullExportDetector() (full-export.ts).
 *
 * Refusals: an operation over a shape limit gets GRAPHQL_VALIDATION_FAILED (HTTP 400) with a
 * message that names the limit but not its value nor anything of the schema; a body over the
 * size limit gets BAD_REQUEST (HTTP 413); a caller over a rate limit gets RATE_LIMITED (HTTP 429,
 * Retry-After). Introspection is off and "Did you mean" suggestions are hidden in production
 * (gateway/gateway.ts); batched HTTP requests (a JSON array) are refused with BAD_REQUEST.
 */

import { positiveIntegerSettings } from '../../common/config';

export interface Limits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
  /** Body size limit of one HTTP request, in bytes. */
  maxBodyBytes: number;
  /** Requests per principal per minute. */
  requestsPerMinute: number;
  /** Full exports per principal per minute (counted on top of requestsPerMinute). */
  exportsPerMinute: number;
}

/**
 * The full export (exportQuery() in schema/supergraph.ts, and the same selection under
 * `subjects(ids: $ids)`) measured with the very rules of shape-limits.ts (measureQuery()), on
 * the committed supergraph:
 *
 *               subject(id:)  subjects(ids:)  default
 *   depth              7            7             11   (requests → legs → receipt → entities → retained)
 *   aliases            0            0             10   (none needed; room to compare a few subjects)
 *   tokens           292          295            500
 *   directives         0            0             10   (none needed; room for some @include/@skip)
 *   cost             690          690           1200
 *   body bytes     3 866        3 877         65 536   (with 500 ids, the most `subjects` takes: ~23 KB)
 *
 * test/limits.e2e.test.ts measures the export again and fails once it needs more than two
 * thirds of a default, so a schema change that makes it heavier is noticed before it is refused.
 */
export const DEFAULT_LIMITS: Limits = {
  maxDepth: 11,
  maxAliases: 10,
  // 450 until the access request's identity and package expiry joined the export (issue 12): 307
  // tokens for `subjects(ids:)`; 500 keeps the two-thirds headroom.
  maxTokens: 500,
  maxDirectives: 10,
  // 900 until the sweep receipts (RequestLeg.retention) made the whole export cost 694 (issue 10);
  // 1100 until the holds named in receipts (holdId, reason, carriesOut, keptHolds) and the partial
  // erasure's categories and notErased made it 774 (issue 11): 1200 keeps the two-thirds headroom.
  // The sweep receipts left the export (they are @notPersonal: never about one subject) when each
  // request's `waitingFor` joined it: 690.
  maxCost: 1200,
  maxBodyBytes: 64 * 1024,
  requestsPerMinute: 600,
  exportsPerMinute: 30,
};

/** Environment variable of each limit. */
export const LIMIT_ENV: Record<keyof Limits, string> = {
  maxDepth: 'LIMIT_MAX_DEPTH',
  maxAliases: 'LIMIT_MAX_ALIASES',
  maxTokens: 'LIMIT_MAX_TOKENS',
  maxDirectives: 'LIMIT_MAX_DIRECTIVES',
  maxCost: 'LIMIT_MAX_COST',
  maxBodyBytes: 'LIMIT_MAX_BODY_BYTES',
  requestsPerMinute: 'LIMIT_REQUESTS_PER_MINUTE',
  exportsPerMinute: 'LIMIT_EXPORTS_PER_MINUTE',
};

export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Limits {
  return positiveIntegerSettings(env, LIMIT_ENV, DEFAULT_LIMITS);
}
