import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildASTSchema, parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, getMetadataStorage, type NonEmptyArray } from 'type-graphql';
import { DateTimeISOInput } from './date-time.scalar';
import { PRIVACY_DEFINITIONS_SDL, PRIVACY_SPEC_URL } from './privacy';

const FEDERATION_HEADER = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@inaccessible", "@composeDirective"])
  @link(url: "${PRIVACY_SPEC_URL}", import: ["@personal", "@notPersonal"])
  @composeDirective(name: "@personal")
  @composeDirective(name: "@notPersonal")`;

export type ReferenceResolver<Ctx> = (reference: { __typename: string; id: string }, context: Ctx) => unknown;

export interface FederatedSchema {
  schema: GraphQLSchema;
  /** The subgraph SDL as composition sees it (written to schema/<name>.graphql). */
  sdl: string;
}

/**
 * Turns type-graphql resolvers into a Federation 2 subgraph schema.
 * type-graphql knows nothing of federation, so the schema is printed with its directives,
 * given the @link header and the privacy definitions, and rebuilt by @apollo/subgraph with
 * type-graphql's resolvers plus our `__resolveReference`s (which must be present at build
 * time: adding them afterwards is silently ignored).
 */
export async function buildFederatedSchema<Ctx>(options: {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  /** Types no root field reaches: DataSubject in a subgraph that only extends it. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  referenceResolvers: Record<string, ReferenceResolver<Ctx>>;
}): Promise<FederatedSchema> {
  plainFieldsReadDirectly();
  const typeGraphqlSchema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    // Known to type-graphql so that `@personal(category: CONTACT)` prints as an enum value
    // (the printer only knows the argument types of directives the schema defines).
    directives: privacyDirectives(),
    skipCheck: true,
    validate: false,
    // Date arguments are refused by their resolver, as that field's error (see date-time.scalar.ts).
    scalarsMap: [{ type: Date, scalar: DateTimeISOInput }],
  });
  // A subgraph that only extends entities has no root query field; @apollo/subgraph adds its own
  // Query (_entities, _service), so the empty one type-graphql prints is dropped, and with it the
  // schema block naming it (the root types keep their default names, Query and Mutation).
  const body = printSchemaWithDirectives(typeGraphqlSchema)
    .replace(/^schema \{[^}]*\}\s*$/m, '')
    .replace(/^type Query\s*$/m, '');
  const sdl = `${FEDERATION_HEADER}\n\n${body}\n`;
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<Ctx>;
  for (const [typeName, resolveReference] of Object.entries(options.referenceResolvers)) {
    resolvers[typeName] = {
      ...(resolvers[typeName] ?? {}),
      __resolveReference: resolveReference,
    } as GraphQLResolverMap<Ctx>[string];
  }
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers }]);
  return { schema, sdl };
}

/**
 * A plain field (no `@FieldResolver`) gets no resolver of its own: the executor reads the record's
 * property, as for any field without one. type-graphql otherwise wraps every plain field of
 * every record in a function that runs the field's middlewares and then reads that property;
 * no field here has middleware or an `@Authorized` rule (who reads what is decided by our own
 * guards, subgraph-guard.ts, which wrap the resolvers whatever they are), so the wrapper only
 * cost a call per field of every record, and kept the compiled executor from reading the
 * property inline (decision 342). Should a field ever get middleware or a rule, this stops the
 * service rather than skip them.
 */
function plainFieldsReadDirectly(): void {
  const storage = getMetadataStorage();
  if (storage.middlewares.length > 0 || storage.resolverMiddlewares.length > 0 || storage.authorizedFields.length > 0)
    throw new Error(
      'buildFederatedSchema: a field has type-graphql middleware or @Authorized; plain fields would skip it (decision 342)',
    );
  for (const type of storage.objectTypes) type.simpleResolvers ??= true;
}

function privacyDirectives() {
  const definitions = buildASTSchema(parse(`${PRIVACY_DEFINITIONS_SDL}\ntype Query { _: Boolean }`), {
    assumeValid: true,
  });
  return definitions.getDirectives().filter((d) => d.name === 'personal' || d.name === 'notPersonal');
}
