/**
 * Shape limits of one operation: the validation rules (depth, aliases, directives, cost), the
 * token count checked before parsing, and measureQuery, which shows how the defaults were chosen.
 */
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Lexer,
  parse,
  Source,
  TokenKind,
  validate,
  specifiedRules,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { BoundedMap } from '../../common/bounded-map';
import { fail } from '../../common/errors';
import type { Limits } from './limits.config';

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
    maxDepthRule({
      n: limits.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: true,
      ...reportAs(LIMIT_MESSAGES.depth),
    }),
    maxAliasesRule({ n: limits.maxAliases, ...reportAs(LIMIT_MESSAGES.aliases) }),
    maxDirectivesRule({ n: limits.maxDirectives, ...reportAs(LIMIT_MESSAGES.directives) }),
    costLimitRule({
      maxCost: limits.maxCost,
      flattenFragments: true,
      ignoreIntrospection: true,
      ...reportAs(LIMIT_MESSAGES.cost),
    }),
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
  return bodies.flatMap((b) =>
    typeof b === 'object' && b !== null && 'query' in b && typeof b.query === 'string' ? [b.query] : [],
  );
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
    if (withinTokens.has(text, limits.maxTokens)) continue;
    if (countTokens(text, limits.maxTokens) > limits.maxTokens) {
      throw fail('GRAPHQL_VALIDATION_FAILED', LIMIT_MESSAGES.tokens, { http: { status: 400 } });
    }
    withinTokens.add(text, limits.maxTokens);
  }
}

/**
 * Query texts already counted within a token limit (decision 320): export tooling and portals
 * send the same few texts again and again, and lexing a 4 KB export query was 0.2 ms of the
 * gateway's CPU per export. Only texts that passed are kept, at most 500 (the oldest go first),
 * so a flood of distinct texts costs what it cost before and holds no memory.
 */
class PassedTexts {
  private readonly passed: BoundedMap<string, number>;
  constructor(max: number) {
    this.passed = new BoundedMap(max);
  }

  has(text: string, limit: number): boolean {
    return this.passed.get(text) === limit;
  }

  add(text: string, limit: number): void {
    this.passed.set(text, limit);
  }
}

const withinTokens = new PassedTexts(500);

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
    onAccept: [
      (_: ValidationContext | null, details: { n: number }) => void (found[key] = Math.max(found[key], details.n)),
    ],
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
