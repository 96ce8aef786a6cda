/**
 * Where each part of the export goes in data.json: every field of DataSubject under the subgraph
 * that holds it and its @personal category, read from the supergraph (`@join__field`,
 * `@personal`), never from a list here. data.ts places the values and json-schema.ts describes
 * them with this one rule, so the two always agree.
 */
import {
  getNamedType,
  isObjectType,
  Kind,
  parse,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { classify, exportQuery } from '../supergraph';
import { isPortable } from '../subject-export';

/** A field that holds no personal data (@notPersonal) is still held: it goes under this name. */
export const NOT_PERSONAL = 'NOT_PERSONAL';

export interface Placement {
  /** The subgraph that holds the field; null for the key every subgraph shares (`id`). */
  subgraph: string | null;
  category: string;
}

export function placementOf(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): Placement {
  const graphs = (field.astNode?.directives ?? [])
    .filter((d) => d.name.value === 'join__field')
    .map((d) => d.arguments?.find((a) => a.name.value === 'graph')?.value)
    .flatMap((v) => (v?.kind === Kind.ENUM ? [v.value.toLowerCase()] : []));
  const personal = classify(type, field).personal;
  return { subgraph: graphs.length === 1 ? graphs[0] : null, category: personal?.category ?? NOT_PERSONAL };
}

/** Art. 20 keeps a field when the subject provided it on contract or consent; ids stay to tell records apart. */
export function keptWhenPortable(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): boolean {
  const c = classify(type, field);
  return c.personal ? isPortable(c.personal) : c.notPersonalReason !== null;
}

/**
 * The fields the export query selects on DataSubject, with their sub-selections: the package
 * describes exactly what the query asked, whatever the rule that built the query.
 */
export function subjectSelection(schema: GraphQLSchema, query = exportQuery(schema)): SelectionSetNode {
  const op = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const root = op?.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD);
  if (!root?.selectionSet) throw new Error('the export query selects nothing on the subject');
  return root.selectionSet;
}

export interface SelectedField {
  /** The key in the answer (alias or name). */
  key: string;
  field: GraphQLField<unknown, unknown>;
  selection: SelectionSetNode | undefined;
}

/** The fields a selection set asks of `type`, in order (fragments are not used by the export query). */
export function selectedFields(type: GraphQLObjectType, selection: SelectionSetNode): SelectedField[] {
  return selection.selections.flatMap((s) => {
    if (s.kind !== Kind.FIELD || s.name.value === '__typename') return [];
    const field = type.getFields()[s.name.value];
    if (!field) throw new Error(`${type.name}.${s.name.value} is not in the supergraph`);
    return [{ key: s.alias?.value ?? s.name.value, field, selection: s.selectionSet }];
  });
}

export function objectTypeOf(field: GraphQLField<unknown, unknown>): GraphQLObjectType | undefined {
  const named = getNamedType(field.type);
  return isObjectType(named) ? named : undefined;
}

export function dataSubjectType(schema: GraphQLSchema): GraphQLObjectType {
  const type = schema.getType('DataSubject');
  if (!isObjectType(type)) throw new Error('DataSubject is not an object type of the supergraph');
  return type;
}
