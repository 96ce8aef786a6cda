/**
 * graphql-js words the input it refuses into its messages: `Variable "$l" got invalid value
 * "elodie.dupre-noel@example.fr"; Int cannot represent ...`, `Expected value of type ..., found
 * <the literal>`, `Syntax Error: ... found String "<the string>"`. What a client sent may be
 * someone's personal data (or 60 KB of it), and an error travels further than a response: into
 * client logs, bug reports, screenshots. These errors are worded again here from the schema and
 * the document alone: which variable or argument, which type was expected, never the value.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  coerceInputValue,
  GraphQLError,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  Kind,
  print,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from 'graphql';

export interface InputErrorWording {
  message: string;
  /** The argument (dotted into input objects) whose literal was refused. */
  argumentName?: string;
}

/**
 * The plugin below needs the schema, the document and the variables, which formatError does not
 * get; formatError needs the final say. The wording found for an error waits here, keyed by the
 * very error object Apollo Server hands to both.
 */
const worded = new WeakMap<GraphQLError, InputErrorWording>();

/** Finds the wording of every input error of a request before its errors are formatted. */
export function inputErrorsPlugin<Ctx extends object>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, schema, document, request }) {
          const seen = new Map<ASTNode, number>();
          for (const error of errors) {
            const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
            if (!node) continue;
            // graphql-js reports each problem of one variable as its own error, in order.
            const nth = seen.get(node) ?? 0;
            seen.set(node, nth + 1);
            const wording =
              node.kind === Kind.VARIABLE_DEFINITION
                ? variableWording(error, node, nth, schema, request.variables)
                : literalWording(error, node, schema, document);
            if (wording) worded.set(error, wording);
          }
        },
      };
    },
  };
}

/** The wording found for this error, or a message of graphql-js with the echoed token left out. */
export function inputErrorWording(error: unknown, code: string, message: string): InputErrorWording | undefined {
  const found = error instanceof GraphQLError ? worded.get(error) : undefined;
  if (found) return found;
  // `Expected ":", found String "elodie@example.fr".`: the kind of token is enough to find the mistake.
  if (code === 'GRAPHQL_PARSE_FAILED') {
    return { message: message.replace(/ (Name|String|BlockString|Int|Float) ".*"/s, ' $1') };
  }
  // The operation name of the request body is any string the client chose.
  if (code === 'OPERATION_RESOLUTION_FAILURE' && message.startsWith('Unknown operation named')) {
    return { message: 'The document has no operation of the name given in `operationName`.' };
  }
  return undefined;
}

/** A problem found by graphql-js's own check that repeats no input: kept as it is. */
const REQUIRED_FIELD_MISSING = /^Field "\w+" of required type "[\w[\]!]+" was not provided\.$/;

function variableWording(
  error: GraphQLError,
  definition: VariableDefinitionNode,
  nth: number,
  schema: GraphQLSchema,
  variables: Record<string, unknown> | undefined,
): InputErrorWording | undefined {
  const name = definition.variable.name.value;
  // "of required type ... was not provided", "of non-null type ... must not be null": no value in them.
  if (!error.message.startsWith(`Variable "$${name}" got invalid value`)) return undefined;
  const declared = typeFromAST(schema, definition.type);
  let where = '';
  let expected = print(definition.type);
  let reason: string | undefined;
  if (declared && isInputType(declared)) {
    // The same check again, to learn where inside the value the n-th problem is and what type is expected there.
    const problems: Array<{ path: ReadonlyArray<string | number>; message: string }> = [];
    coerceInputValue(variables?.[name], declared, (path, _value, inner) =>
      problems.push({ path, message: inner.message }),
    );
    const problem = problems[nth];
    if (problem) {
      where = problem.path.length
        ? ` at "${name}${problem.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}"`
        : '';
      expected = String(typeAt(declared, problem.path) ?? expected);
      if (REQUIRED_FIELD_MISSING.test(problem.message)) reason = problem.message;
      // `Field "<any JSON key>" is not defined by type ...`: the key is the client's, the type is enough.
      else if (/^Field ".*" is not defined by type /s.test(problem.message))
        reason = `a field ${expected} does not define.`;
    }
  }
  return { message: `Variable "$${name}" got an invalid value${where}: ${reason ?? `expected ${expected}.`}` };
}

function typeAt(type: GraphQLInputType, path: ReadonlyArray<string | number>): GraphQLInputType | undefined {
  let current: GraphQLInputType | undefined = type;
  for (const step of path) {
    const inner: GraphQLInputType | undefined = current && isNonNullType(current) ? current.ofType : current;
    if (typeof step === 'number') current = inner && isListType(inner) ? inner.ofType : undefined;
    else current = inner && isInputObjectType(inner) ? inner.getFields()[step]?.type : undefined;
  }
  return current;
}

const LITERAL_KINDS = new Set<string>([
  Kind.INT,
  Kind.FLOAT,
  Kind.STRING,
  Kind.BOOLEAN,
  Kind.NULL,
  Kind.ENUM,
  Kind.LIST,
  Kind.OBJECT,
  Kind.OBJECT_FIELD,
]);

/** A literal refused by validation: named by its argument (or variable default) and the type expected. */
function literalWording(
  error: GraphQLError,
  target: ASTNode,
  schema: GraphQLSchema,
  document: DocumentNode | undefined,
): InputErrorWording | undefined {
  if (!LITERAL_KINDS.has(target.kind) || REQUIRED_FIELD_MISSING.test(error.message)) return undefined;
  const found = document ? locate(target, schema, document) : undefined;
  if (!found) return { message: 'A value in the query is not of the type expected.' };
  const expected = found.type ? `: expected ${String(found.type)}.` : '.';
  if (found.path.startsWith('$'))
    return { message: `Variable "${found.path}" has an invalid default value${expected}` };
  if (target.kind === Kind.OBJECT_FIELD && !found.type) {
    return { message: `Argument "${found.path}" has a field its type does not define.`, argumentName: found.path };
  }
  return { message: `Argument "${found.path}" has an invalid value${expected}`, argumentName: found.path };
}

/** Where a literal sits in the document: the argument path (`input.dryRun`) and the type expected there. */
function locate(
  target: ASTNode,
  schema: GraphQLSchema,
  document: DocumentNode,
): { path: string; type: GraphQLInputType | undefined } | undefined {
  const typeInfo = new TypeInfo(schema);
  const names: string[] = [];
  let found: { path: string; type: GraphQLInputType | undefined } | undefined;
  const here = (type: GraphQLInputType | null | undefined) => {
    found ??= { path: names.join('.'), type: type ?? undefined };
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      VariableDefinition: { enter: (n) => void names.push(`$${n.variable.name.value}`), leave: () => void names.pop() },
      Argument: { enter: (n) => void names.push(n.name.value), leave: () => void names.pop() },
      ObjectField: {
        enter(n) {
          // Only a field its input object does not define is refused as a field: named by the object.
          if (n === target) here(undefined);
          names.push(n.name.value);
        },
        leave: () => void names.pop(),
      },
      enter(n) {
        if (n === target) here(typeInfo.getInputType());
      },
    }),
  );
  return found;
}
