import {
  In,
  type DataSource,
  type EntityTarget,
  type FindOptionsOrder,
  type FindOptionsWhere,
  type ObjectLiteral,
} from 'typeorm';

/**
 * The one read every DataLoader batch makes: the rows of a table whose `column` is one of
 * `keys`, in ONE statement, in a stable order (so an export reads the same twice). Stores
 * call it for each collection they hold.
 */
export function rowsByKeys<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  column: keyof T & string,
  keys: readonly string[],
  order?: FindOptionsOrder<T>,
): Promise<T[]> {
  const where = { [column]: In([...keys]) } as FindOptionsWhere<T>;
  return ds.getRepository(entity).find({ where, order });
}
