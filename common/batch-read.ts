import type { DataSource, EntityManager, EntityTarget, FindOptionsOrder, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { coalescedReadsOf } from './coalesced-reads';

/**
 * The one read every DataLoader batch makes: the rows of a table whose `column` is one of
 * `keys`, in ONE statement, in a stable order (so an export reads the same twice). Stores
 * call it for each collection they hold.
 *
 * It is the hottest read of an export, so it skips the query builder: TypeORM's `find` builds
 * the SELECT anew on every call and hydrates rows through its generic transformer, together
 * 14-18% of a data subgraph's CPU per export (decision 281). The statement is the same
 * (every selected column, `IN (...)`, the same ORDER BY), built once per entity, column and
 * order; each value still goes through the driver's own hydration (`prepareHydratedValue`:
 * dates, SQLite's booleans, column transformers), so an entity reads exactly as `find` gave it.
 */
export function rowsByKeys<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  column: keyof T & string,
  keys: readonly string[],
  order?: FindOptionsOrder<T>,
): Promise<T[]> {
  const plan = planFor(ds, entity, column, order);
  return readRaw(ds, plan, keys).then((raw) => raw.map(plan.map));
}

/**
 * `rowsByKeys` inside the caller's transaction (a writer's reads, decision 362): the same
 * statement and hydration, and with `lock` the rows locked until the transaction ends
 * (`FOR UPDATE`, MySQL; SQLite's writers are queued already).
 */
export async function rowsByKeysIn<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  column: keyof T & string,
  keys: readonly string[],
  options: { order?: FindOptionsOrder<T>; lock?: boolean } = {},
): Promise<T[]> {
  if (keys.length === 0) return [];
  const plan = planFor(tx.connection, entity, column, options.order);
  const lock = options.lock && tx.connection.options.type === 'mysql' ? ' FOR UPDATE' : '';
  const raw = await tx.query<ObjectLiteral[]>(`${plan.head}${keys.map(() => '?').join(', ')}${plan.tail}${lock}`, [
    ...keys,
  ]);
  return raw.map(plan.map);
}

/** How a child table reaches the key: through its parent row (a message through its ticket). */
export interface Through<T, P> {
  /** The child's column holding its parent's primary key (`ticketId`). */
  column: keyof T & string;
  parent: EntityTarget<P>;
  /** The parent's column the keys are (`subjectId`). */
  parentColumn: keyof P & string;
}

/**
 * The rows of a child table whose parent's `parentColumn` is one of `keys`, in ONE statement (a
 * JOIN on the parent's primary key), each with the key it was read for. A ticket's messages are
 * read by subject, in the same moment as the tickets, instead of after them by ticket (decision
 * 347): the export loses a dependent round trip, and its statements no longer depend on how many
 * tickets a call holds. Hydrated as `rowsByKeys` hydrates.
 */
export function rowsByParentKeys<T extends ObjectLiteral, P extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  through: Through<T, P>,
  keys: readonly string[],
  order?: FindOptionsOrder<T>,
): Promise<Array<{ key: string; row: T }>> {
  const plan = planFor(ds, entity, through.column, order, through);
  return readRaw(ds, plan, keys).then((raw) => raw.map((r) => ({ key: plan.keyOf(r), row: plan.map(r) })));
}

function readRaw(ds: DataSource, plan: ReadPlan<ObjectLiteral>, keys: readonly string[]): Promise<ObjectLiteral[]> {
  if (keys.length === 0) return Promise.resolve([]);
  const sql = `${plan.head}${keys.map(() => '?').join(', ')}${plan.tail}`;
  // On MySQL, with the other reads of this moment in one round trip (decision 339).
  const reads = coalescedReadsOf(ds);
  return reads ? reads.read(sql, keys) : ds.query<ObjectLiteral[]>(sql, [...keys]);
}

interface ReadPlan<T> {
  /** `SELECT ... FROM ... WHERE column IN (`: the placeholders follow. */
  head: string;
  /** `) ORDER BY ...`. */
  tail: string;
  map: (raw: ObjectLiteral) => T;
  /** The key a row was read for. */
  keyOf: (raw: ObjectLiteral) => string;
}

/** Per data source (each has its own metadata and driver), per entity, column and order. */
const plans = new WeakMap<DataSource, Map<EntityTarget<ObjectLiteral>, Map<string, ReadPlan<ObjectLiteral>>>>();

function planFor<T extends ObjectLiteral, P extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  column: keyof T & string,
  order: FindOptionsOrder<T> | undefined,
  through?: Through<T, P>,
): ReadPlan<T> {
  let byEntity = plans.get(ds);
  if (!byEntity)
    plans.set(ds, (byEntity = new Map<EntityTarget<ObjectLiteral>, Map<string, ReadPlan<ObjectLiteral>>>()));
  let byShape = byEntity.get(entity);
  if (!byShape) byEntity.set(entity, (byShape = new Map<string, ReadPlan<ObjectLiteral>>()));
  const parent = through ? ` ${ds.getMetadata(through.parent).tableName}.${through.parentColumn}` : '';
  const shape = `${column}${parent} ${JSON.stringify(order ?? {})}`;
  let plan = byShape.get(shape);
  if (!plan) byShape.set(shape, (plan = buildPlan(ds, entity, column, order, through) as ReadPlan<ObjectLiteral>));
  return plan as ReadPlan<T>;
}

function buildPlan<T extends ObjectLiteral, P extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  column: keyof T & string,
  order: FindOptionsOrder<T> | undefined,
  through: Through<T, P> | undefined,
): ReadPlan<T> {
  const metadata = ds.getMetadata(entity);
  const { driver } = ds;
  const q = (name: string): string => driver.escape(name);
  const byProperty = (of: EntityMetadata, property: string): ColumnMetadata => {
    const found = of.findColumnWithPropertyPath(property);
    if (!found) throw new Error(`${of.name} has no column ${property}`);
    return found;
  };
  // What `find` selects and hydrates: every real column not marked `select: false`.
  const columns = metadata.columns.filter((c) => !c.isVirtual && c.isSelect);
  // Plain reads name no table (the statement every store has sent since decision 281); a read
  // through a parent qualifies every column, both tables being in it.
  const own = (name: string): string => (through ? `${q('r')}.${q(name)}` : q(name));
  const orderBy = Object.entries(order ?? {}).map(([property, direction]) => {
    if (direction !== 'ASC' && direction !== 'DESC') throw new Error(`rowsByKeys orders by ASC or DESC only`);
    return `${own(byProperty(metadata, property).databaseName)} ${direction}`;
  });
  const selected = columns.map((c) => own(c.databaseName));
  const keyColumn = byProperty(metadata, column).databaseName;
  let from = through ? `${q(metadata.tableName)} ${q('r')}` : q(metadata.tableName);
  let where = own(keyColumn);
  let keyOf = (raw: ObjectLiteral): string => String(raw[keyColumn]);
  if (through) {
    const parent = ds.getMetadata(through.parent);
    const [parentId] = parent.primaryColumns;
    if (!parentId || parent.primaryColumns.length !== 1)
      throw new Error(`rowsByParentKeys needs ${parent.name} to have a single-column primary key`);
    const parentKey = byProperty(parent, through.parentColumn).databaseName;
    // The key under a name no entity column has, so it cannot shadow one of the child's.
    const alias = 'read_for_key';
    if (columns.some((c) => c.databaseName === alias)) throw new Error(`${metadata.name} has a column ${alias}`);
    selected.push(`${q('p')}.${q(parentKey)} AS ${q(alias)}`);
    from += ` JOIN ${q(parent.tableName)} ${q('p')} ON ${q('p')}.${q(parentId.databaseName)} = ${where}`;
    where = `${q('p')}.${q(parentKey)}`;
    keyOf = (raw) => String(raw[alias]);
  }
  return {
    head: `SELECT ${selected.join(', ')} FROM ${from} WHERE ${where} IN (`,
    tail: `)${orderBy.length > 0 ? ` ORDER BY ${orderBy.join(', ')}` : ''}`,
    map: (raw) => {
      const row = metadata.create(undefined, { fromDeserializer: true }) as T;
      for (const c of columns) {
        const value: unknown = raw[c.databaseName];
        if (value !== undefined) c.setEntityValue(row, driver.prepareHydratedValue(value, c));
      }
      return row;
    },
    keyOf,
  };
}
