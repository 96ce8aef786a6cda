/**
 * data.schema.json: a JSON Schema (2020-12) of data.json, generated from the supergraph and the
 * export query. A field added to any subgraph with @personal appears here, placed and annotated,
 * with no change to this code. Each property carries the field's description and its privacy
 * classification (`x-personal`, `x-not-personal`), so a reader of the schema alone knows what
 * each value is and why it is held.
 */
import {
  getNullableType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { classify } from '../supergraph';
import { DATA_FORMAT } from './data';
import { dataSubjectType, keptWhenPortable, placementOf, selectedFields, subjectSelection } from './layout';

export type JsonSchema = { [keyword: string]: unknown };

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

const SCALARS: Record<string, JsonSchema> = {
  ID: { type: 'string' },
  String: { type: 'string' },
  Int: { type: 'integer' },
  Float: { type: 'number' },
  Boolean: { type: 'boolean' },
  DateTimeISO: { type: 'string', format: 'date-time' },
};

function orNull(s: JsonSchema): JsonSchema {
  if (typeof s.type === 'string') return { ...s, type: [s.type, 'null'] };
  if (Array.isArray(s.enum)) return { ...s, enum: [...(s.enum as unknown[]), null] };
  return { anyOf: [s, { type: 'null' }] };
}

interface Mode {
  portable: boolean;
}

function objectSchema(type: GraphQLObjectType, selection: SelectionSetNode, mode: Mode): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const { key, field, selection: sub } of selectedFields(type, selection)) {
    if (mode.portable && !keptWhenPortable(type, field)) continue;
    properties[key] = fieldSchema(type, field, sub, mode);
  }
  return {
    type: 'object',
    properties,
    // The gateway answers every field asked; the portable part drops what is not the subject's.
    required: mode.portable ? [] : Object.keys(properties),
    additionalProperties: false,
  };
}

function typeSchema(t: GraphQLOutputType, selection: SelectionSetNode | undefined, mode: Mode): JsonSchema {
  const inner = getNullableType(t);
  let s: JsonSchema;
  if (isListType(inner)) {
    const items = typeSchema(inner.ofType, selection, mode);
    // A portable list keeps its length: an item with nothing of the subject's in it is null.
    s = { type: 'array', items: mode.portable ? orNull(items) : items };
  } else if (isEnumType(inner)) {
    s = { enum: inner.getValues().map((v) => v.name) };
  } else if (isScalarType(inner)) {
    s = { ...(SCALARS[inner.name] ?? {}) };
  } else {
    if (!selection || !isObjectType(inner)) throw new Error(`no selection under ${inner.name}`);
    s = objectSchema(inner, selection, mode);
  }
  return isNonNullType(t) ? s : orNull(s);
}

function fieldSchema(
  parent: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  selection: SelectionSetNode | undefined,
  mode: Mode,
): JsonSchema {
  const c = classify(parent, field);
  const base = typeSchema(field.type, selection, mode);
  return {
    ...(field.description ? { description: field.description } : {}),
    ...(c.personal ? { 'x-personal': c.personal } : {}),
    ...(c.notPersonalReason ? { 'x-not-personal': c.notPersonalReason } : {}),
    // Files travel inside the data as base64 (the supergraph's convention: `...Base64` fields).
    ...(field.name.endsWith('Base64') ? { contentEncoding: 'base64' } : {}),
    ...base,
  };
}

/** The schema data.json (full or portable) is valid against. */
export function dataJsonSchema(schema: GraphQLSchema, options: { portable: boolean; query?: string }): JsonSchema {
  const mode: Mode = { portable: options.portable };
  const type = dataSubjectType(schema);
  const subject: Record<string, JsonSchema> = {};
  const subgraphs: Record<string, Record<string, Record<string, JsonSchema>>> = {};
  for (const { key, field, selection } of selectedFields(type, subjectSelection(schema, options.query))) {
    if (mode.portable && !keptWhenPortable(type, field)) continue;
    const { subgraph, category } = placementOf(type, field);
    const s = fieldSchema(type, field, selection, mode);
    if (subgraph === null) subject[key] = s;
    else ((subgraphs[subgraph] ??= {})[category] ??= {})[key] = s;
  }
  const object = (properties: Record<string, JsonSchema>): JsonSchema => ({
    type: 'object',
    properties,
    required: mode.portable ? [] : Object.keys(properties),
    additionalProperties: false,
  });
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: options.portable
      ? 'Portable data (Art. 20 GDPR): what you provided, on contract or consent'
      : 'Everything held about you (Art. 15 GDPR), by service and category of data',
    type: 'object',
    required: ['format', 'subjectId', 'portable', 'subject', 'subgraphs'],
    additionalProperties: false,
    properties: {
      format: { const: DATA_FORMAT },
      subjectId: { type: 'string' },
      portable: { const: options.portable },
      subject: object(subject),
      subgraphs: object(
        Object.fromEntries(
          Object.entries(subgraphs).map(([graph, categories]) => [
            graph,
            object(Object.fromEntries(Object.entries(categories).map(([cat, fields]) => [cat, object(fields)]))),
          ]),
        ),
      ),
    },
  };
}
