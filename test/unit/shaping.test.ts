import {
  isCustomScalarType,
  isEnumType,
  isListType,
  isNonNullType,
  operationFromDocument,
  Supergraph,
  type Operation,
  type Schema,
  type SelectionSet,
  type Type,
} from '@apollo/federation-internals';
import { computeResponse } from '@apollo/gateway/dist/resultShaping';
import { parse } from 'graphql';
import { prng, type Rng } from '../../common/demo/random';
import { BAIL, compileShaping, NotCompiled } from '../../gateway/shaping/compile';
import { exportQuery, readSupergraphSdl, selectionOf, supergraphSchema } from '../../schema/supergraph';

// The gateway's own API schema, and Apollo's shaping as the reference every answer is held to.
const api = Supergraph.build(readSupergraphSdl()).apiSchema();
const operation = (text: string): Operation => operationFromDocument(api, parse(text));
const apollo = (op: Operation, input: Record<string, unknown>): ReturnType<typeof computeResponse> =>
  computeResponse({ operation: op, input, introspectionHandling: () => null });

type Json = unknown;

/**
 * An answer as the gateway merges it for `op`: every selected field (nullable ones sometimes
 * null, lists of 0 to 3), plus what the plan fetched for itself (`__typename`, keys) that the
 * client did not ask for.
 */
function answerFor(schema: Schema, selectionSet: SelectionSet, rnd: Rng): Record<string, Json> {
  const out: Record<string, Json> = { _fetchedForAKey: 'k' };
  // The planner asks for `__typename` where it needs it; the root has none.
  if (selectionSet.parentType.name !== 'Query' && rnd.chance(0.5)) out.__typename = selectionSet.parentType.name;
  for (const selection of selectionSet.selections()) {
    if (selection.kind === 'FragmentSelection') {
      Object.assign(out, answerFor(schema, selection.selectionSet, rnd));
      continue;
    }
    const field = selection.element;
    if (field.name === '__typename') continue;
    const type = field.definition.type;
    if (type) out[field.responseName()] = valueFor(schema, type, selection.selectionSet, rnd, true);
  }
  return out;
}

function valueFor(schema: Schema, type: Type, sub: SelectionSet | undefined, rnd: Rng, nullable: boolean): Json {
  if (isNonNullType(type)) return valueFor(schema, type.ofType as Type, sub, rnd, false);
  if (nullable && rnd.chance(0.15)) return null;
  if (isListType(type))
    return Array.from({ length: rnd.int(0, 3) }, () => valueFor(schema, type.ofType as Type, sub, rnd, true));
  if (sub) return answerFor(schema, sub, rnd);
  if (isEnumType(type)) return rnd.pick(type.values).name;
  if (isCustomScalarType(type)) return new Date(1_700_000_000_000 + rnd.int(0, 1e10)).toISOString();
  if (type === schema.booleanType()) return rnd.chance(0.5);
  if (type === schema.intType()) return rnd.int(-500, 500);
  if (type === schema.floatType()) return rnd.next() * 100;
  return `s${rnd.int(0, 1e6)}`;
}

/** Some value of the answer, anywhere, replaced by something its type does not allow. */
function spoil(answer: Record<string, Json>, rnd: Rng): void {
  const objects: Array<Record<string, Json>> = [];
  const walk = (v: Json): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      objects.push(v as Record<string, Json>);
      Object.values(v).forEach(walk);
    }
  };
  walk(answer);
  const target = rnd.pick(objects);
  const key = rnd.pick(Object.keys(target));
  const wrong: Json[] = [null, 42, 1.5, 'text', true, {}, [], 'NOT_AN_ENUM_VALUE'];
  const choice = rnd.next();
  if (choice < 0.15) target.__typename = 'SomeOtherType';
  else if (choice < 0.3) delete target[key];
  else target[key] = rnd.pick(wrong);
}

const batch = `query SubjectsExport($ids: [ID!]!) {\n subjects(ids: $ids) {\n${selectionOf(supergraphSchema(), 'DataSubject', '  ')}\n }\n}`;
const OPERATIONS: Record<string, string> = {
  'the whole single export': exportQuery(supergraphSchema()),
  'the bulk export': batch,
  'aliases, __typename, fragments and one field under two names': `
    query Q($id: ID!) {
      t: __typename
      who: subject(id: $id) {
        __typename
        kind: __typename
        first: fullName
        ... on DataSubject { id again: fullName invoices { id status } }
        ...More
      }
    }
    fragment More on DataSubject { supportTickets { id messages { id sentAt } } }`,
  'one field selected twice, merged': 'query Q($id: ID!) { subject(id: $id) { id } subject(id: $id) { fullName id } }',
};

describe('the compiled shaping of an answer', () => {
  it.each(Object.entries(OPERATIONS))('gives what Apollo gives, byte for byte, for %s', (_label, text) => {
    const op = operation(text);
    const shape = compileShaping(op);
    for (let seed = 1; seed <= 60; seed += 1) {
      const input = answerFor(op.schema(), op.selectionSet, prng('shaping', seed));
      const expected = apollo(op, input);
      const shaped = shape(input);
      // Nulls drawn where the schema forbids none: the ordinary answer, never handed back.
      expect({ seed, shaped: shaped === BAIL ? 'BAIL' : JSON.stringify(shaped) }).toEqual({
        seed,
        shaped: JSON.stringify(expected.data),
      });
      expect(expected.errors).toEqual([]);
    }
  });

  it('hands back every answer it would shape differently: a wrong value, a missing field, another type', () => {
    const op = operation(OPERATIONS['aliases, __typename, fragments and one field under two names']);
    const shape = compileShaping(op);
    let handedBack = 0;
    for (let seed = 1; seed <= 400; seed += 1) {
      const rnd = prng('shaping spoiled', seed);
      const input = answerFor(op.schema(), op.selectionSet, rnd);
      spoil(input, rnd);
      const before = JSON.stringify(input);
      const shaped = shape(input);
      expect(JSON.stringify(input)).toBe(before);
      if (shaped === BAIL) {
        handedBack += 1;
        continue;
      }
      // What it did shape is exactly Apollo's answer, and one Apollo found nothing wrong with.
      const expected = apollo(op, input);
      expect({ seed, shaped: JSON.stringify(shaped), errors: expected.errors.length }).toEqual({
        seed,
        shaped: JSON.stringify(expected.data),
        errors: 0,
      });
    }
    expect(handedBack).toBeGreaterThan(100);
  });

  it.each([
    ['@skip and @include', 'query Q($id: ID!, $no: Boolean!) { subject(id: $id) { id fullName @skip(if: $no) } }'],
    ['introspection beside data', 'query Q($id: ID!) { __schema { queryType { name } } subject(id: $id) { id } }'],
    ['an alias named __proto__', 'query Q($id: ID!) { subject(id: $id) { __proto__: fullName } }'],
  ])('leaves %s to Apollo', (_label, text) => {
    expect(() => compileShaping(operation(text))).toThrow(NotCompiled);
  });

  it('reads only the input’s own fields: a field named like an Object method is not found on the prototype', () => {
    const op = operation('query Q($id: ID!) { subject(id: $id) { constructor: fullName toString: id } }');
    const input = { subject: { toString: 's1' } };
    const shaped = compileShaping(op)(input);
    expect(shaped).toEqual({ subject: { constructor: null, toString: 's1' } });
    expect(JSON.stringify(shaped)).toBe(JSON.stringify(apollo(op, input).data));
  });
});
