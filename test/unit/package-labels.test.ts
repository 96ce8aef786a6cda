import { getNamedType, isEnumType, isObjectType, type GraphQLObjectType } from 'graphql';
import { SUBGRAPH_NAMES } from '../../common/config';
import { enumWords } from '../../schema/access-package/enum-words';
import { fieldLabel } from '../../schema/access-package/field-labels';
import { serviceWords, SERVICE_WORDS } from '../../schema/access-package/page-sentences';
import { supergraphSchema } from '../../schema/supergraph';

/** Every object type and enum an export can hold: reached from DataSubject through its fields. */
function reachable(): { objects: GraphQLObjectType[]; enums: Map<string, string[]> } {
  const root = supergraphSchema().getType('DataSubject');
  if (!isObjectType(root)) throw new Error('no DataSubject');
  const objects = new Map<string, GraphQLObjectType>();
  const enums = new Map<string, string[]>();
  const walk = (type: GraphQLObjectType) => {
    if (objects.has(type.name)) return;
    objects.set(type.name, type);
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (isObjectType(named)) walk(named);
      if (isEnumType(named))
        enums.set(
          named.name,
          named.getValues().map((v) => v.name),
        );
    }
  };
  walk(root);
  return { objects: [...objects.values()], enums };
}

describe('the words of the package page', () => {
  const { objects, enums } = reachable();

  it('O8, V11: every field of the supergraph a package can hold has a label in French and in English', () => {
    const missing = objects.flatMap((type) =>
      Object.keys(type.getFields()).flatMap((name) => {
        const label = fieldLabel(type.name, name);
        return label?.fr.trim() && label.en.trim() ? [] : [`${type.name}.${name}`];
      }),
    );
    expect(missing).toEqual([]);
    expect(objects.length).toBeGreaterThan(20);
    // A name the table does not know is reported, not invented.
    expect(fieldLabel('DataSubject', 'aFieldNobodyAdded')).toBeNull();
  });

  it('O8, V11: every value of every enum a package can hold has words in both languages, none of them the constant', () => {
    const missing = [...enums].flatMap(([type, values]) =>
      values.flatMap((value) => {
        const words = enumWords(type, value);
        return words?.fr.trim() && words.en.trim() && words.fr !== value && words.en !== value
          ? []
          : [`${type}.${value}`];
      }),
    );
    expect(missing).toEqual([]);
    expect(enums.size).toBeGreaterThan(10);
    expect(enumWords('PaymentMethod', 'NOT_A_METHOD')).toBeNull();
  });

  it('every service has a name for people in both languages', () => {
    expect(SUBGRAPH_NAMES.filter((name) => !SERVICE_WORDS[name])).toEqual([]);
    expect(serviceWords('billing', 'fr')).toBe('La facturation');
  });
});
