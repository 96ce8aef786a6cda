/**
 * Full-export detection: tells, from the supergraph's field ownership, whether an operation asks
 * for a whole record (every data subgraph's DataSubject fields), which has its own rate limit.
 */
import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  type ConstDirectiveNode,
  type ConstValueNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DATA_SUBGRAPH_NAMES } from '../../common/config';
import { SUBJECT_TYPE } from '../../common/privacy';

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
    if (
      (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) ||
      def.name.value !== SUBJECT_TYPE
    )
      continue;
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
export function fullExportDetector(
  supergraphSdl: string,
): (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) => boolean {
  const owners = subjectFieldOwners(supergraphSdl);
  const required = new Set([...owners.values()].flat());
  // Apollo Server hands the same document and operation objects to every request of the same
  // query text (its document cache), so the answer is kept per operation object: the walk was
  // 0.3 ms of the gateway's CPU per export (decision 320). A weak map: a document dropped from
  // Apollo's cache takes its answer with it.
  const known = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; full: boolean }>();
  return (schema, document, operation) => {
    const kept = known.get(operation);
    if (kept?.schema === schema) return kept.full;
    const full = reachesEveryOwner(schema, document, operation);
    known.set(operation, { schema, full });
    return full;
  };

  function reachesEveryOwner(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
  ): boolean {
    if (required.size === 0) return false;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of document.definitions)
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    const fragmentReach = new Map<string, Set<string>>();
    const childType = (parent: GraphQLNamedType | undefined, field: string): GraphQLNamedType | undefined => {
      if (!isObjectType(parent) && !isInterfaceType(parent)) return undefined;
      const def = parent.getFields()[field];
      return def ? getNamedType(def.type) : undefined;
    };
    const walk = (
      set: SelectionSetNode,
      parent: GraphQLNamedType | undefined,
      into: Set<string>,
      spreading: readonly string[],
    ): void => {
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (parent?.name === SUBJECT_TYPE) for (const g of owners.get(sel.name.value) ?? []) into.add(g);
          if (sel.selectionSet) walk(sel.selectionSet, childType(parent, sel.name.value), into, spreading);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          walk(
            sel.selectionSet,
            sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) ?? undefined) : parent,
            into,
            spreading,
          );
        } else {
          const name = sel.name.value;
          let reach = fragmentReach.get(name);
          if (!reach) {
            const fragment = fragments.get(name);
            if (!fragment || spreading.includes(name)) continue;
            reach = new Set();
            walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, reach, [
              ...spreading,
              name,
            ]);
            fragmentReach.set(name, reach);
          }
          for (const g of reach) into.add(g);
        }
      }
    };
    const reached = new Set<string>();
    walk(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined, reached, []);
    return [...required].every((g) => reached.has(g));
  }
}
