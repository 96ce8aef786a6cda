/**
 * What every subgraph puts between a caller and its data, in one place so none can forget it:
 * - the internal-token check in front of /graphql (and any internal route), before GraphQL
 *   sees the request: plain queries, `_entities` and `_service` alike;
 * - the access rules (common/access.ts) on every field of DataSubject and on its reference
 *   resolver, so a field resolver, a default resolver and an `_entities` lookup are all covered;
 * - the report of personal data read, returned to the gateway for the access log.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import {
  defaultFieldResolver,
  getNamedType,
  GraphQLObjectType,
  Kind,
  type GraphQLField,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { mayReadField, READ_REPORT_EXTENSION, RequestAccess } from './access';
import { bearerToken, InternalTokenError, verifyInternalToken, type InternalClaims } from './internal-token';
import { withLogScope } from './log';
import { SUBJECT_TYPE, type PersonalCategory } from './privacy';
import { hideableCategories, readsRestrictedData, type RestrictedCategories } from './restricted-data';
import type { ReferenceResolver } from './subgraph-schema';

export interface AccessContext {
  access: RequestAccess;
  /** In a subgraph that keeps restrictions: the contested categories in force per subject (restricted-data.ts). */
  restrictedCategories?: RestrictedCategories;
  /** The client's `Idempotency-Key` header, as the gateway passes it on to `requests`; null without one. */
  idempotencyKey?: string | null;
}

export interface GuardedLocals {
  claims?: InternalClaims;
}

/** Express middleware: no valid internal token for this subgraph, no entry. */
export function requireInternalToken(key: Uint8Array, audience: string) {
  return async (req: Request, res: Response<unknown, GuardedLocals>, next: NextFunction): Promise<void> => {
    const token = bearerToken(req.headers.authorization);
    try {
      if (!token) throw new InternalTokenError('internal token missing');
      res.locals.claims = await verifyInternalToken(key, audience, token);
      next();
    } catch (error) {
      const reason = error instanceof InternalTokenError ? error.message : 'internal token invalid';
      // Only the gateway may call a subgraph; say so, and no more.
      res.status(401).json({
        errors: [
          { message: `Only the gateway may call this service (${reason}).`, extensions: { code: 'UNAUTHENTICATED' } },
        ],
      });
    }
  };
}

/** Express middleware after the token check and the body: the gateway's request id on every log line. */
export function inRequestScope(_req: Request, res: Response<unknown, GuardedLocals>, next: NextFunction): void {
  withLogScope({ requestId: res.locals.claims?.requestId }, next);
}

export function accessFrom(locals: GuardedLocals): RequestAccess {
  // requireInternalToken runs first on every route that builds a context.
  if (!locals.claims) throw new Error('internal token check did not run');
  return new RequestAccess(locals.claims.principal, locals.claims.requestId);
}

/** The categories a restriction can hide each guarded DataSubject field for. */
const hideable = new WeakMap<GraphQLField<unknown, unknown>, readonly PersonalCategory[]>();

/** Whether a field's read waits for the subject's restrictions: it can be hidden, from this caller. */
const waitsForRestrictions = (categories: readonly PersonalCategory[], ctx: AccessContext, subjectId: string) =>
  categories.length > 0 &&
  ctx.restrictedCategories !== undefined &&
  !readsRestrictedData(ctx.access.principal, subjectId);

/**
 * Whether the field rule lets this caller read a DataSubject field of this subject outright: its
 * role allows it, and no restriction of the subject's could hide it from this caller (such a
 * read waits for the restrictions). A read started before the field resolves (decision 347) is
 * started only then, so it never fetches what the rule would refuse or hide.
 */
export function readsOutright(info: GraphQLResolveInfo, ctx: AccessContext, subjectId: string, name: string): boolean {
  const type = info.schema.getType(SUBJECT_TYPE);
  const field = type instanceof GraphQLObjectType ? type.getFields()[name] : undefined;
  const categories = field && hideable.get(field);
  if (!categories || !mayReadField(ctx.access.principal, subjectId, name)) return false;
  return !waitsForRestrictions(categories, ctx, subjectId);
}

/**
 * Wraps every DataSubject field resolver (default ones included) with the field rule. A schema
 * without DataSubject is refused rather than left unguarded: every subgraph extends it, so its
 * absence means a mistake (a renamed type, a missing orphaned type), never "nothing to guard".
 */
export function guardSubjectFields(schema: GraphQLSchema): void {
  const type = schema.getType(SUBJECT_TYPE);
  if (!(type instanceof GraphQLObjectType))
    throw new Error(
      `guardSubjectFields: the schema has no ${SUBJECT_TYPE} object type, so the access rules would guard nothing; every subgraph must declare ${SUBJECT_TYPE}`,
    );
  for (const field of Object.values(type.getFields())) {
    const resolve = field.resolve ?? defaultFieldResolver;
    const name = field.name;
    const categories = hideableCategories(name, reachableCategories(field));
    hideable.set(field, categories);
    field.resolve = (root: { id: string }, args, ctx: AccessContext, info) => {
      const restricted = ctx.restrictedCategories;
      if (restricted && waitsForRestrictions(categories, ctx, root.id)) {
        // Allowed or not first; a hidden field is not read, so the access log does not record it.
        ctx.access.assertField(root.id, name, false);
        return restricted(root.id).then((hidden) => {
          if (categories.some((c) => hidden.has(c))) return null;
          ctx.access.assertField(root.id, name);
          return resolve(root, args, ctx, info);
        });
      }
      ctx.access.assertField(root.id, name);
      return resolve(root, args, ctx, info);
    };
  }
}

/**
 * The `@personal` categories a field holds: its own, and those of every field of the records it
 * returns, however deep (a ticket's contact email is CONTACT under SUPPORT). A restriction of any
 * of them hides the whole field: a nested value cannot always be nulled (`String!`), and hiding
 * more than asked never shows what was contested (decision 212).
 */
function reachableCategories(field: GraphQLField<unknown, unknown>, seen = new Set<string>()): Set<PersonalCategory> {
  const found = new Set<PersonalCategory>();
  const own = personalCategory(field);
  if (own) found.add(own);
  const type = getNamedType(field.type);
  if (type instanceof GraphQLObjectType && !seen.has(type.name)) {
    seen.add(type.name);
    for (const nested of Object.values(type.getFields()))
      for (const c of reachableCategories(nested, seen)) found.add(c);
  }
  return found;
}

/** The `category` of a field's `@personal`, read from the schema: what a restriction of data names. */
function personalCategory(field: GraphQLField<unknown, unknown>): PersonalCategory | null {
  const directive = field.astNode?.directives?.find((d) => d.name.value === 'personal');
  const argument = directive?.arguments?.find((a) => a.name.value === 'category');
  return argument?.value.kind === Kind.ENUM ? (argument.value.value as PersonalCategory) : null;
}

/** The same rule for `_entities`: a subject out of the caller's scope is refused before any read. */
export function guardReferenceResolvers<Ctx extends AccessContext>(
  resolvers: Record<string, ReferenceResolver<Ctx>>,
): Record<string, ReferenceResolver<Ctx>> {
  return Object.fromEntries(
    Object.entries(resolvers).map(([typeName, resolve]) => [
      typeName,
      typeName === SUBJECT_TYPE
        ? // async: a refusal then fails this one representation, not the whole `_entities` list.
          async (ref: Parameters<ReferenceResolver<Ctx>>[0], ctx: Ctx) => {
            ctx.access.assertSubject(String(ref.id).toLowerCase());
            return resolve(ref, ctx);
          }
        : resolve,
    ]),
  );
}

/** Hands the gateway what was read, for the access log: `extensions.personalDataRead`. */
export function readReportPlugin<Ctx extends AccessContext>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const reads = contextValue.access.report();
          if (reads.length === 0 || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            [READ_REPORT_EXTENSION]: reads,
          };
        },
      };
    },
  };
}
