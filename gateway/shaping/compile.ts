/**
 * The gateway's last step on every answer, compiled: the merged subgraph answers cut to the
 * client's selection (only the fields it asked for, under its aliases, in its order), each leaf
 * checked against its type. Apollo Gateway does it in `computeResponse` (resultShaping.js) by
 * walking the operation for every object of the answer: per field a directive lookup, a type
 * switch, a `{ updated }` record and a leaf check through the schema. For a bulk export of 500
 * subjects that is a few hundred thousand fields, a seventh of the whole stack's CPU (decision
 * 350). Here the walk is done once per operation: each selection set becomes a list of fields
 * with the function that shapes its value, so an answer costs one assignment per field.
 *
 * Only the ordinary answer is handled: an object with every value of the type its field says.
 * Anything else (a null where the schema forbids one, a value of the wrong type, a `__typename`
 * naming another type) returns BAIL, and the caller hands the same input to Apollo's own
 * `computeResponse`, which writes the errors and nulls the spec asks for. Operations this
 * does not compile (`@skip`/`@include`, introspection fields, abstract types, a response name
 * given twice) are Apollo's from the start. The input is only read, never changed.
 */
import {
  isCustomScalarType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  type ObjectType,
  type Operation,
  type Schema,
  type SelectionSet,
  type Type,
} from '@apollo/federation-internals';

/** The answer is not the ordinary one: Apollo's computeResponse must shape it. */
export const BAIL: unique symbol = Symbol('bail');
type Bail = typeof BAIL;

type Value = unknown;
/**
 * Shapes one value (never `undefined`: a missing field arrives as null, as Apollo reads it);
 * returns the shaped value, or BAIL.
 */
type ShapeValue = (value: Value) => Value;
export type ShapeRoot = (input: Record<string, unknown>) => Record<string, unknown> | Bail;

/** Why an operation is left to Apollo's shaping from the start. */
export class NotCompiled extends Error {}

interface FieldPlan {
  name: string;
  /** The value read from the input: the field's own (Apollo's `getOwn`), missing read as null. */
  read: (input: Record<string, unknown>) => Value;
  shape: ShapeValue;
}

// federation-internals' isValidLeafValue: an Int or ID number must print as an integer.
const INTEGER_TEXT = /^-?(?:0|[1-9][0-9]*)$/;

function reader(name: string): FieldPlan['read'] {
  // A name that Object.prototype also has (`constructor`, `toString`) must be the input's own.
  if (name in Object.prototype) return (input) => (Object.hasOwn(input, name) ? (input[name] ?? null) : null);
  return (input) => input[name] ?? null;
}

/** federation-internals' isValidLeafValue, decided once per type instead of once per value. */
function leafShape(schema: Schema, type: Type): ShapeValue {
  if (isCustomScalarType(type)) return (v) => v;
  if (type === schema.booleanType()) return (v) => (typeof v === 'boolean' ? v : BAIL);
  if (type === schema.intType() || type === schema.idType()) {
    const stringsToo = type === schema.idType();
    return (v) => {
      if (typeof v === 'number') return Number.isFinite(v) && INTEGER_TEXT.test(String(v)) ? v : BAIL;
      return stringsToo && typeof v === 'string' ? v : BAIL;
    };
  }
  if (type === schema.floatType()) return (v) => (typeof v === 'number' && Number.isFinite(v) ? v : BAIL);
  if (type === schema.stringType()) return (v) => (typeof v === 'string' ? v : BAIL);
  if (isEnumType(type)) {
    const names = new Set(type.values.map((value) => value.name));
    return (v) => (typeof v === 'string' && names.has(v) ? v : BAIL);
  }
  throw new NotCompiled(`no leaf shape for ${String(type)}`);
}

function listShape(inner: ShapeValue): ShapeValue {
  return (v) => {
    if (!Array.isArray(v)) return BAIL;
    const out = new Array<Value>(v.length);
    for (let i = 0; i < v.length; i += 1) {
      const element: Value = v[i];
      if (element === undefined) return BAIL;
      const shaped = inner(element);
      if (shaped === BAIL) return BAIL;
      out[i] = shaped;
    }
    return out;
  };
}

function objectShape(schema: Schema, type: ObjectType, selectionSet: SelectionSet | undefined): ShapeValue {
  if (!selectionSet) throw new NotCompiled(`no selection under ${type.name}`);
  const shape = selectionShape(schema, type, selectionSet);
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return BAIL;
    const input = v as Record<string, unknown>;
    // Apollo re-reads the type from `__typename`; for an object type it can only name that type.
    const typename = input.__typename;
    if (typename !== undefined && typename !== type.name) return BAIL;
    return shape(input);
  };
}

/** A field's value: null allowed unless non-null, then lists, objects or a leaf. */
function valueShape(schema: Schema, type: Type, selectionSet: SelectionSet | undefined): ShapeValue {
  if (isNonNullType(type)) {
    const inner = nullableShape(schema, type.ofType as Type, selectionSet);
    // Apollo's "Cannot return null for non-nullable field", and the null it bubbles up: its own.
    return (v) => (v === null ? BAIL : inner(v));
  }
  const inner = nullableShape(schema, type, selectionSet);
  return (v) => (v === null ? null : inner(v));
}

function nullableShape(schema: Schema, type: Type, selectionSet: SelectionSet | undefined): ShapeValue {
  if (isListType(type)) return listShape(valueShape(schema, type.ofType as Type, selectionSet));
  if (isObjectType(type)) return objectShape(schema, type, selectionSet);
  if (selectionSet) throw new NotCompiled(`abstract type ${String(type)}`);
  return leafShape(schema, type);
}

/** The fields of one selection set, fragments flattened, in the order Apollo writes them. */
function fieldPlans(schema: Schema, parent: ObjectType, selectionSet: SelectionSet, plans: FieldPlan[]): FieldPlan[] {
  for (const selection of selectionSet.selections()) {
    // Apollo looks up @skip and @include on every element of every object: only without any.
    if (selection.element.appliedDirectives.length > 0) throw new NotCompiled('directives');
    if (selection.kind === 'FragmentSelection') {
      const condition = selection.element.typeCondition;
      if (condition && condition.name !== parent.name) throw new NotCompiled('fragment on another type');
      fieldPlans(schema, parent, selection.selectionSet, plans);
      continue;
    }
    const field = selection.element;
    if (field.definition.isSchemaIntrospectionField()) throw new NotCompiled('introspection');
    const name = field.responseName();
    const type = field.definition.type;
    if (!type) throw new NotCompiled(`no type for ${name}`);
    // A name written twice is merged by Apollo; `__proto__` would set a prototype on `{}`.
    if (name === '__proto__' || plans.some((p) => p.name === name)) throw new NotCompiled(`response name ${name}`);
    plans.push(
      field.name === '__typename'
        ? { name, read: typenameReader(name), shape: (v) => (v === null || v === parent.name ? parent.name : BAIL) }
        : { name, read: reader(name), shape: valueShape(schema, type, selection.selectionSet) },
    );
  }
  return plans;
}

/** Apollo's: an aliased `__typename` the input lacks is read from the input's own `__typename`. */
function typenameReader(name: string): FieldPlan['read'] {
  const own = reader(name);
  if (name === '__typename') return own;
  return (input) => own(input) ?? input.__typename ?? null;
}

function selectionShape(schema: Schema, parent: ObjectType, selectionSet: SelectionSet): ShapeRoot {
  const plans = fieldPlans(schema, parent, selectionSet, []);
  return (input) => {
    // A plain object built in one order for every answer: one hidden class, a fast JSON.stringify.
    const out: Record<string, unknown> = {};
    for (const plan of plans) {
      const shaped = plan.shape(plan.read(input));
      if (shaped === BAIL) return BAIL;
      out[plan.name] = shaped;
    }
    return out;
  };
}

/** The shaping of one operation's answers, or NotCompiled when it is not the ordinary kind. */
export function compileShaping(operation: Operation): ShapeRoot {
  const schema = operation.schema();
  const root = schema.schemaDefinition.rootType(operation.rootKind);
  if (!root) throw new NotCompiled(`no ${operation.rootKind} root`);
  return selectionShape(schema, root, operation.selectionSet);
}
