/**
 * Reads the committed supergraph: what the gateway serves, and the privacy classification of
 * every field. The export query, the playground's ready query and the classification test are
 * all derived from here, never hand-kept.
 */
import fs from 'node:fs';
import {
  buildASTSchema,
  getNamedType,
  isObjectType,
  parse,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  Kind,
} from 'graphql';
import { SUBGRAPH_NAMES } from '../common/config';
import { SUBJECT_TYPE } from '../common/privacy';
import { schemaFile } from './schema-files';

export function readSupergraphSdl(): string {
  return fs.readFileSync(schemaFile('supergraph'), 'utf8');
}

export function supergraphSchema(sdl = readSupergraphSdl()): GraphQLSchema {
  return buildASTSchema(parse(sdl), { assumeValidSDL: true });
}

function directive(field: GraphQLField<unknown, unknown>, name: string): ConstDirectiveNode | undefined {
  return field.astNode?.directives?.find((d) => d.name.value === name);
}

export function isInaccessible(field: GraphQLField<unknown, unknown>): boolean {
  return directive(field, 'inaccessible') !== undefined;
}

export interface PersonalAnnotation {
  category: string;
  purposes: string[];
  basis: string;
  source: string;
  retention: string;
  recipients: string[];
}

export interface FieldClassification {
  /** `Type.field` */
  coordinate: string;
  personal: PersonalAnnotation | null;
  notPersonalReason: string | null;
}

function args(node: ConstDirectiveNode): Record<string, unknown> {
  return Object.fromEntries((node.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
}

export function classify(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): FieldClassification {
  const personal = directive(field, 'personal');
  const notPersonal = directive(field, 'notPersonal');
  const p = personal ? args(personal) : null;
  return {
    coordinate: `${type.name}.${field.name}`,
    personal: p
      ? {
          category: String(p.category),
          purposes: (p.purposes as string[]) ?? [],
          basis: String(p.basis),
          source: String(p.source),
          retention: String(p.retention),
          recipients: (p.recipients as string[] | undefined) ?? [],
        }
      : null,
    notPersonalReason: notPersonal ? String(args(notPersonal).reason) : null,
  };
}

/**
 * Every public field reachable from DataSubject, depth first, each object type once; a field
 * marked @notPersonal is listed but not entered.
 */
export function reachableFields(schema: GraphQLSchema, rootType = SUBJECT_TYPE): FieldClassification[] {
  const out: FieldClassification[] = [];
  const seen = new Set<string>();
  const visit = (type: GraphQLObjectType): void => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    for (const field of Object.values(type.getFields())) {
      if (isInaccessible(field)) continue;
      const found = classify(type, field);
      out.push(found);
      const named = getNamedType(field.type);
      // What a field marked as about no one holds (a sweep's receipt) is about no one either.
      if (isObjectType(named) && found.notPersonalReason === null) visit(named);
    }
  };
  const root = schema.getType(rootType);
  if (!isObjectType(root)) throw new Error(`${rootType} is not an object type of the supergraph`);
  visit(root);
  return out;
}

const GRAPH_ORDER = SUBGRAPH_NAMES.map((n) => n.toUpperCase());

/** Where a field comes from: the fields a person reads first (identity, profile) come first. */
function graphRank(field: GraphQLField<unknown, unknown>): number {
  const graphs = (field.astNode?.directives ?? [])
    .filter((d) => d.name.value === 'join__field')
    .map((d) => d.arguments?.find((a) => a.name.value === 'graph')?.value)
    .map((v) => (v && v.kind === Kind.ENUM ? GRAPH_ORDER.indexOf(v.value) : -1));
  return graphs.length === 1 ? graphs[0] : -1;
}

/** The selection of every public field under a type, indented for people to read. */
export function selectionOf(schema: GraphQLSchema, typeName: string, indent = '  ', path: string[] = []): string {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
  const lines: string[] = [];
  const fields = Object.values(type.getFields()).map((f, i) => ({ f, i, rank: graphRank(f) }));
  fields.sort((a, b) => a.rank - b.rank || a.i - b.i);
  for (const { f: field } of fields) {
    if (
      isInaccessible(field) ||
      field.args.some((a) => a.type.toString().endsWith('!') && a.defaultValue === undefined)
    )
      continue;
    const named = getNamedType(field.type);
    if (isObjectType(named)) {
      // A record marked as about no one (a sweep's receipt) is no part of an export (reachableFields).
      if (path.includes(named.name) || classify(type, field).notPersonalReason !== null) continue;
      lines.push(
        `${indent}${field.name} {`,
        selectionOf(schema, named.name, `${indent}  `, [...path, typeName]),
        `${indent}}`,
      );
    } else {
      lines.push(`${indent}${field.name}`);
    }
  }
  return lines.join('\n');
}

/** "Everything about this subject": the query export tooling and the playground run. */
export function exportQuery(schema: GraphQLSchema = supergraphSchema()): string {
  return `query SubjectExport($id: ID!) {\n  subject(id: $id) {\n${selectionOf(schema, SUBJECT_TYPE, '    ')}\n  }\n}\n`;
}
