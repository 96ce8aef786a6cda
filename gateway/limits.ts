/**
 * Hardening limits of the gateway: how big, deep and costly one query may be, how big one HTTP
 * body may be, and how often one caller may ask (and ask for a whole record).
 *
 * Each limit is read from the environment when the gateway starts (a positive integer; anything
 * else stops the start), with the default in brackets:
 *
 *   LIMIT_MAX_DEPTH            [8]      deepest field nesting of an operation (fragments flattened)
 *   LIMIT_MAX_ALIASES          [10]     aliased fields in an operation, fragments included
 *   LIMIT_MAX_TOKENS           [400]    GraphQL tokens in the query text, counted before it is parsed
 *   LIMIT_MAX_DIRECTIVES       [10]     directives (@include, @skip...) in an operation, fragments included
 *   LIMIT_MAX_COST             [700]    cost of an operation (graphql-armor cost-limit: 2 an object field,
 *                                       1 a scalar, times 1.5 for each level of nesting)
 *   LIMIT_MAX_BODY_BYTES       [65536]  size of one HTTP request body (larger: 413)
 *   LIMIT_REQUESTS_PER_MINUTE  [600]    requests per caller (the token's `sub`) per minute (then 429)
 *   LIMIT_EXPORTS_PER_MINUTE   [30]     full exports per caller per minute, counted on top of the above
 *
 * What each default is measured from: next to DEFAULT_LIMITS below. A full export is defined
 * at fullExportDetector().
 *
 * Refusals: an operation over a shape limit gets GRAPHQL_VALIDATION_FAILED (HTTP 400) with a
 * message that names the limit but not its value nor anything of the schema; a body over the
 * size limit gets BAD_REQUEST (HTTP 413); a caller over a rate limit gets RATE_LIMITED (HTTP 429,
 * Retry-After). Introspection is off and "Did you mean" suggestions are hidden in production
 * (gateway/gateway.ts); batched HTTP requests (a JSON array) are refused with BAD_REQUEST.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { ErrorRequestHandler } from 'express';
import {
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isObjectType,
  Kind,
  Lexer,
  parse,
  Source,
  TokenKind,
  validate,
  specifiedRules,
  type ConstDirectiveNode,
  type ConstValueNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Principal } from '../common/access';
import { DATA_SUBGRAPH_NAMES } from '../common/config';
import { readSupergraphSdl } from '../schema/supergraph';
import type { GatewayContext } from './context';

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
 * `subjects(ids: $ids)`) measured with the very rules below, on the committed supergraph:
 *
 *               subject(id:)  subjects(ids:)  default
 *   depth              4            4              8
 *   aliases            0            0             10   (none needed; room to compare a few subjects)
 *   tokens           197          200            400
 *   directives         0            0             10   (none needed; room for some @include/@skip)
 *   cost             333          333            700
 *   body bytes     2 644        2 655         65 536   (with 500 ids, the most `subjects` takes: ~22 KB)
 *
 * test/limits.e2e.test.ts measures the export again and fails once it needs more than two
 * thirds of a default, so a schema change that makes it heavier is noticed before it is refused.
 */
export const DEFAULT_LIMITS: Limits = {
  maxDepth: 8,
  maxAliases: 10,
  maxTokens: 400,
  maxDirectives: 10,
  maxCost: 700,
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
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(LIMIT_ENV) as Array<keyof Limits>) {
    const raw = env[LIMIT_ENV[key]]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) {
      throw new Error(`${LIMIT_ENV[key]} must be a positive integer, not "${raw}"`);
    }
    limits[key] = value;
  }
  return limits;
}

// ---------------------------------------------------------------------------------------------
// The shape of one operation: validation rules (they run with graphql's own, after parsing).

/**
 * The armor rules would throw their own error ("Syntax Error: ...") out of `validate`, which
 * Apollo Server turns into a 500; they report ours instead, as a validation error (400).
 */
const reportAs = (message: string) => ({
  exposeLimits: false,
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null) => context?.reportError(new GraphQLError(message))],
});

export const LIMIT_MESSAGES = {
  depth: 'Query depth limit exceeded.',
  aliases: 'Query alias limit exceeded.',
  directives: 'Query directive limit exceeded.',
  cost: 'Query cost limit exceeded.',
  tokens: 'Query token limit exceeded.',
} as const;

export function limitValidationRules(limits: Limits): ValidationRule[] {
  return [
    // flattenFragments: a fragment counts as the fields it holds, where it is spread, so neither
    // splitting a query into fragments nor spreading one many times gets past a limit.
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true, ...reportAs(LIMIT_MESSAGES.depth) }),
    maxAliasesRule({ n: limits.maxAliases, ...reportAs(LIMIT_MESSAGES.aliases) }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportAs(LIMIT_MESSAGES.directives) }),
    costLimitRule({ maxCost: limits.maxCost, flattenFragments: true, ignoreIntrospection: true, ...reportAs(LIMIT_MESSAGES.cost) }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Tokens: counted on the text, before anything parses it.

/** GraphQL tokens in `text` (comments excluded, as the parser counts them); stops once past `stopAfter`. */
export function countTokens(text: string, stopAfter = Number.POSITIVE_INFINITY): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++count > stopAfter) break;
    }
  } catch {
    // Not GraphQL from here on: the parser will say so, after reading no more than we did.
  }
  return count;
}

/** The part of an HTTP request the token check reads (an express request is one). */
export interface QueryCarrier {
  method: string;
  url: string;
  body?: unknown;
}

/** Every query text of a request where Apollo Server looks for it: the body (POST), the URL (GET). */
function queryTexts(req: QueryCarrier): string[] {
  if (req.method.toUpperCase() === 'GET') {
    const at = req.url.indexOf('?');
    return at < 0 ? [] : new URLSearchParams(req.url.slice(at + 1)).getAll('query');
  }
  const bodies: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
  return bodies.flatMap((b) => (typeof b === 'object' && b !== null && 'query' in b && typeof b.query === 'string' ? [b.query] : []));
}

/**
 * Refuses a request whose query has more than maxTokens tokens, before Apollo Server parses it.
 *
 * Called from the context function (gateway/gateway.ts), not from a plugin: Apollo Server 5
 * parses right after `didResolveSource`, and an error thrown from that hook (or from
 * `requestDidStart` or `parsingDidStart`) is answered as a 500 "Internal server error", not as
 * the error thrown. Context creation is the last step before parsing whose errors reach the
 * client as they are (status included).
 */
export function checkTokenLimit(req: QueryCarrier, limits: Limits): void {
  for (const text of queryTexts(req)) {
    if (countTokens(text, limits.maxTokens) > limits.maxTokens) {
      throw new GraphQLError(LIMIT_MESSAGES.tokens, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Body size: express.json refuses it; this answers in GraphQL's shape instead of an HTML page.

export function bodyErrorHandler(limits: Limits): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    const type = typeof error === 'object' && error !== null && 'type' in error ? error.type : undefined;
    // body-parser's errors otherwise reach express's default handler: an HTML page (with a stack in development).
    const answer = (status: number, message: string) => res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    if (type === 'entity.too.large') return answer(413, `The request body is too large: at most ${limits.maxBodyBytes} bytes.`);
    if (type === 'entity.parse.failed') return answer(400, 'The request body is not valid JSON.');
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') return answer(415, 'The request body must be JSON in UTF-8.');
    return next(error);
  };
}

// ---------------------------------------------------------------------------------------------
// Rate limits.

const WINDOW_MS = 60_000;
/** Callers tracked at once per budget; past this, the oldest window is forgotten (its caller starts afresh). */
const MAX_TRACKED = 100_000;

interface Window {
  start: number;
  count: number;
}

/**
 * A fixed 60 s window per key, opened by the key's first request: O(1) memory per key and an
 * exact Retry-After (a caller may get up to twice the limit across a window boundary, never
 * more). Windows are kept in the order they opened (a renewed one is re-inserted), so expired
 * ones are all at the front and each call drops them: only the callers of the last minute
 * are kept, and never more than `maxTracked`.
 */
class WindowBudget {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
    private readonly maxTracked: number,
  ) {}

  /** Takes one from `key`'s budget: 0, or the seconds to wait when there is none left. */
  take(key: string): number {
    const now = this.now();
    for (const [k, w] of this.windows) {
      if (now - w.start < WINDOW_MS) break;
      this.windows.delete(k);
    }
    let window = this.windows.get(key);
    if (!window) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > this.maxTracked) {
        const oldest = this.windows.keys().next();
        if (!oldest.done) this.windows.delete(oldest.value);
      }
    }
    if (window.count >= this.perMinute) return Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
    window.count++;
    return 0;
  }

  get size(): number {
    return this.windows.size;
  }
}

function rateLimited(message: string, retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`${message} Try again in ${retryAfterSeconds} s.`, {
    extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
  });
}

export interface RateLimiterOptions {
  /** Milliseconds from a monotonic clock (tests pass their own). */
  now?: () => number;
  maxTracked?: number;
}

/** Per-principal request budget, checked once the caller is known. */
export class RateLimiter {
  private readonly requests: WindowBudget;
  private readonly exports: WindowBudget;

  constructor(
    private readonly limits: Limits,
    options: RateLimiterOptions = {},
  ) {
    const now = options.now ?? (() => performance.now());
    this.requests = new WindowBudget(limits.requestsPerMinute, now, options.maxTracked ?? MAX_TRACKED);
    this.exports = new WindowBudget(limits.exportsPerMinute, now, options.maxTracked ?? MAX_TRACKED);
  }

  /** Throws RATE_LIMITED when the principal has no request left this minute. */
  takeRequest(principal: Principal): void {
    const wait = this.requests.take(principal.sub);
    if (wait > 0) throw rateLimited(`Too many requests: at most ${this.limits.requestsPerMinute} a minute per caller.`, wait);
  }

  /** Throws RATE_LIMITED when the principal has no full export left this minute. */
  takeExport(principal: Principal): void {
    const wait = this.exports.take(principal.sub);
    if (wait > 0) throw rateLimited(`Too many full exports: at most ${this.limits.exportsPerMinute} a minute per caller.`, wait);
  }

  /** Callers currently tracked, per budget (what memory the limiter holds). */
  get tracked(): { requests: number; exports: number } {
    return { requests: this.requests.size, exports: this.exports.size };
  }
}

// ---------------------------------------------------------------------------------------------
// Full exports.

const SUBJECT_TYPE = 'DataSubject';

function argument(directive: ConstDirectiveNode, name: string): ConstValueNode | undefined {
  return directive.arguments?.find((a) => a.name.value === name)?.value;
}

/**
 * Which data subgraph resolves each DataSubject field, read from the supergraph's
 * `@join__field(graph:)` (`external` ones excluded). A field with no @join__field is the entity
 * key every subgraph shares (`id`): it says which subject, not what a subgraph holds, so it
 * belongs to none here.
 */
export function subjectFieldOwners(supergraphSdl: string): Map<string, string[]> {
  const doc = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  const owners = new Map<string, string[]>();
  const data: readonly string[] = DATA_SUBGRAPH_NAMES;
  for (const def of doc.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION && def.name.value === 'join__Graph') {
      for (const v of def.values ?? []) {
        const joinGraph = v.directives?.find((d) => d.name.value === 'join__graph');
        const name = joinGraph && argument(joinGraph, 'name');
        if (name?.kind === Kind.STRING) graphNames.set(v.name.value, name.value);
      }
    }
  }
  for (const def of doc.definitions) {
    if ((def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) || def.name.value !== SUBJECT_TYPE) continue;
    for (const field of def.fields ?? []) {
      const graphs = (field.directives ?? []).flatMap((d) => {
        if (d.name.value !== 'join__field') return [];
        const graph = argument(d, 'graph');
        const external = argument(d, 'external');
        if (graph?.kind !== Kind.ENUM || (external?.kind === Kind.BOOLEAN && external.value)) return [];
        const name = graphNames.get(graph.value);
        return name !== undefined && data.includes(name) ? [name] : [];
      });
      if (graphs.length > 0) owners.set(field.name.value, [...new Set(graphs)]);
    }
  }
  return owners;
}

/**
 * A full export is an operation whose selections under DataSubject (anywhere in it, fragments
 * included, across every subject it names) reach fields of every data subgraph that holds
 * DataSubject fields: profile, sessions, billing and support today. That is what exportQuery()
 * asks and what no role-shaped everyday query needs (support reads no billing, tech reads no
 * mentoring...). It costs one export per operation: several aliased exports in one operation
 * are bounded by the cost limit (the default fits about two), and `subjects(ids:)` by its
 * 500 ids.
 */
export function fullExportDetector(supergraphSdl: string): (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) => boolean {
  const owners = subjectFieldOwners(supergraphSdl);
  const required = new Set([...owners.values()].flat());
  return (schema, document, operation) => {
    if (required.size === 0) return false;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    const fragmentReach = new Map<string, Set<string>>();
    const childType = (parent: GraphQLNamedType | undefined, field: string): GraphQLNamedType | undefined => {
      if (!isObjectType(parent) && !isInterfaceType(parent)) return undefined;
      const def = parent.getFields()[field];
      return def ? getNamedType(def.type) : undefined;
    };
    const walk = (set: SelectionSetNode, parent: GraphQLNamedType | undefined, into: Set<string>, spreading: readonly string[]): void => {
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (parent?.name === SUBJECT_TYPE) for (const g of owners.get(sel.name.value) ?? []) into.add(g);
          if (sel.selectionSet) walk(sel.selectionSet, childType(parent, sel.name.value), into, spreading);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          walk(sel.selectionSet, sel.typeCondition ? schema.getType(sel.typeCondition.name.value) ?? undefined : parent, into, spreading);
        } else {
          const name = sel.name.value;
          let reach = fragmentReach.get(name);
          if (!reach) {
            const fragment = fragments.get(name);
            if (!fragment || spreading.includes(name)) continue;
            reach = new Set();
            walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, reach, [...spreading, name]);
            fragmentReach.set(name, reach);
          }
          for (const g of reach) into.add(g);
        }
      }
    };
    const reached = new Set<string>();
    walk(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined, reached, []);
    return [...required].every((g) => reached.has(g));
  };
}

export interface LimitPluginOptions {
  /** The limiter the context function takes requests from; the export budget is kept alongside. */
  rateLimiter?: RateLimiter;
  /** Where field ownership is read; default the committed schema/supergraph.graphql. */
  supergraphSdl?: string;
}

export function limitPlugins(limits: Limits, options: LimitPluginOptions = {}): ApolloServerPlugin<GatewayContext>[] {
  const limiter = options.rateLimiter ?? new RateLimiter(limits);
  const isFullExport = fullExportDetector(options.supergraphSdl ?? readSupergraphSdl());
  return [
    {
      async requestDidStart() {
        return {
          // Once the operation is known and valid, before any subgraph is asked.
          async didResolveOperation({ contextValue, schema, document, operation }) {
            if (operation && isFullExport(schema, document, operation)) limiter.takeExport(contextValue.principal);
          },
        };
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Measuring (how DEFAULT_LIMITS were chosen; the test checks the export still fits).

export interface QueryMeasure {
  depth: number;
  aliases: number;
  tokens: number;
  directives: number;
  cost: number;
}

/** What the limit rules see in `query`: the largest value over its operations. */
export function measureQuery(schema: GraphQLSchema, query: string): QueryMeasure {
  const found: QueryMeasure = { depth: 0, aliases: 0, tokens: countTokens(query), directives: 0, cost: 0 };
  const keep = (key: keyof QueryMeasure) => ({
    onAccept: [(_: ValidationContext | null, details: { n: number }) => void (found[key] = Math.max(found[key], details.n))],
  });
  const n = Number.MAX_SAFE_INTEGER;
  const errors = validate(schema, parse(query), [
    ...specifiedRules,
    maxDepthRule({ n, flattenFragments: true, ignoreIntrospection: true, ...keep('depth') }),
    maxAliasesRule({ n, ...keep('aliases') }),
    maxDirectivesRule({ n, ...keep('directives') }),
    costLimitRule({ maxCost: n, flattenFragments: true, ignoreIntrospection: true, ...keep('cost') }),
  ]);
  if (errors.length > 0) throw new Error(`cannot measure an invalid query: ${errors[0].message}`);
  return found;
}
