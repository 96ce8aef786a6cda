import type { DataSource, EntityTarget, FindOptionsOrder, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
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
  if (keys.length === 0) return Promise.resolve([]);
  const plan = planFor(ds, entity, column, order);
  const sql = `${plan.head}${keys.map(() => '?').join(', ')}${plan.tail}`;
  // On MySQL, with the other reads of this moment in one round trip (decision 339).
  const reads = coalescedReadsOf(ds);
  const rows = reads ? reads.read(sql, keys) : ds.query<ObjectLiteral[]>(sql, [...keys]);
  return rows.then((raw) => raw.map(plan.map));
}

interface ReadPlan<T> {
  /** `SELECT ... FROM ... WHERE column IN (`: the placeholders follow. */
  head: string;
  /** `) ORDER BY ...`. */
  tail: string;
  map: (raw: ObjectLiteral) => T;
}

/** Per data source (each has its own metadata and driver), per entity, column and order. */
const plans = new WeakMap<DataSource, Map<EntityTarget<ObjectLiteral>, Map<string, ReadPlan<ObjectLiteral>>>>();

function planFor<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  column: keyof T & string,
  order: FindOptionsOrder<T> | undefined,
): ReadPlan<T> {
  let byEntity = plans.get(ds);
  if (!byEntity)
    plans.set(ds, (byEntity = new Map<EntityTarget<ObjectLiteral>, Map<string, ReadPlan<ObjectLiteral>>>()));
  let byShape = byEntity.get(entity);
  if (!byShape) byEntity.set(entity, (byShape = new Map<string, ReadPlan<ObjectLiteral>>()));
  const shape = `${column} ${JSON.stringify(order ?? {})}`;
  let plan = byShape.get(shape);
  if (!plan) byShape.set(shape, (plan = buildPlan(ds, entity, column, order) as ReadPlan<ObjectLiteral>));
  return plan as ReadPlan<T>;
}

function buildPlan<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  column: keyof T & string,
  order: FindOptionsOrder<T> | undefined,
): ReadPlan<T> {
  const metadata = ds.getMetadata(entity);
  const { driver } = ds;
  const q = (name: string): string => driver.escape(name);
  const byProperty = (property: string): ColumnMetadata => {
    const found = metadata.findColumnWithPropertyPath(property);
    if (!found) throw new Error(`${metadata.name} has no column ${property}`);
    return found;
  };
  // What `find` selects and hydrates: every real column not marked `select: false`.
  const columns = metadata.columns.filter((c) => !c.isVirtual && c.isSelect);
  const orderBy = Object.entries(order ?? {}).map(([property, direction]) => {
    if (direction !== 'ASC' && direction !== 'DESC') throw new Error(`rowsByKeys orders by ASC or DESC only`);
    return `${q(byProperty(property).databaseName)} ${direction}`;
  });
  return {
    head: `SELECT ${columns.map((c) => q(c.databaseName)).join(', ')} FROM ${q(metadata.tableName)} WHERE ${q(byProperty(column).databaseName)} IN (`,
    tail: `)${orderBy.length > 0 ? ` ORDER BY ${orderBy.join(', ')}` : ''}`,
    map: (raw) => {
      const row = metadata.create(undefined, { fromDeserializer: true }) as T;
      for (const c of columns) {
        const value: unknown = raw[c.databaseName];
        if (value !== undefined) c.setEntityValue(row, driver.prepareHydratedValue(value, c));
      }
      return row;
    },
  };
}
