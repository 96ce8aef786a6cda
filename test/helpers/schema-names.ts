import { getNamedType, isEnumType, isObjectType, type GraphQLObjectType } from 'graphql';
import { supergraphSchema } from '../../schema/supergraph';

/** The names a developer reads in the supergraph from DataSubject down: fields, types, enum values. */
export function schemaNames(): { fields: Set<string>; types: Set<string>; enumValues: Set<string> } {
  const fields = new Set<string>();
  const types = new Set<string>();
  const enumValues = new Set<string>();
  const walk = (type: GraphQLObjectType) => {
    if (types.has(type.name)) return;
    types.add(type.name);
    for (const field of Object.values(type.getFields())) {
      fields.add(field.name);
      const named = getNamedType(field.type);
      if (isObjectType(named)) walk(named);
      if (isEnumType(named)) {
        types.add(named.name);
        for (const v of named.getValues()) enumValues.add(v.name);
      }
    }
  };
  const root = supergraphSchema().getType('DataSubject');
  if (!isObjectType(root)) throw new Error('the supergraph has no DataSubject');
  walk(root);
  return { fields, types, enumValues };
}
