/**
 * data.json: everything the gateway returned about the subject, placed under the subgraph that
 * holds it and its category (layout.ts). The portable package (Art. 20) keeps only the part the
 * subject provided on contract or consent (schema/subject-export.ts portableSubset).
 */
import type { GraphQLSchema } from 'graphql';
import { portableSubset, type Json } from '../subject-export';
import { dataSubjectType, placementOf, selectedFields, subjectSelection } from './layout';

export const DATA_FORMAT = 'access-package-data/1';

export interface PackageData {
  format: typeof DATA_FORMAT;
  subjectId: string;
  portable: boolean;
  /** Fields every subgraph shares (the subject's id). */
  subject: Record<string, Json>;
  /** subgraph -> category -> field -> value */
  subgraphs: Record<string, Record<string, Record<string, Json>>>;
}

export function packageData(
  schema: GraphQLSchema,
  subjectId: string,
  exported: Json,
  options: { portable: boolean; query?: string },
): PackageData {
  if (exported === null || typeof exported !== 'object' || Array.isArray(exported))
    throw new Error('the export holds no subject');
  const source = options.portable ? (portableSubset(schema, 'DataSubject', exported) ?? {}) : exported;
  if (source === null || typeof source !== 'object' || Array.isArray(source)) throw new Error('unexpected export');
  const out: PackageData = { format: DATA_FORMAT, subjectId, portable: options.portable, subject: {}, subgraphs: {} };
  const type = dataSubjectType(schema);
  for (const { key, field } of selectedFields(type, subjectSelection(schema, options.query))) {
    if (!(key in source)) continue; // left out of the portable part
    const { subgraph, category } = placementOf(type, field);
    if (subgraph === null) {
      out.subject[key] = source[key];
      continue;
    }
    const graph = (out.subgraphs[subgraph] ??= {});
    (graph[category] ??= {})[key] = source[key];
  }
  return out;
}
