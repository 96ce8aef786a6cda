/**
 * What a subject receives for Art. 15 and Art. 20, derived from the supergraph's @personal
 * classification and the configured policy: nothing here is hand-kept per field.
 */
import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { describeDuration, type PrivacyPolicy, type RetentionRule } from '../policies';
import { RETENTION_KEYS, type RetentionKey } from '../common/privacy';
import { classify, isInaccessible, reachableFields, type PersonalAnnotation } from './supergraph';

/** Art. 15(1)(a)-(h) for one category of personal data. */
export interface ProcessingRecord {
  category: string;
  /** The fields of the export that hold it (`Type.field`). */
  fields: string[];
  purposes: string[];
  legalBases: string[];
  /** Where it came from (Art. 15(1)(g)). */
  sources: string[];
  recipients: string[];
  retention: Array<{ rule: string; period: string; description: string }>;
}

const AFTER: Record<RetentionRule['from'], string> = {
  'account-active': 'after the account stops being active',
  'account-closure': 'after the account is closed',
  collection: 'after collection',
  'last-contact': 'after the last contact',
  resolution: 'after resolution',
  inactivity: 'of inactivity',
  withdrawal: 'after consent is withdrawn',
};
const WHILE: Record<RetentionRule['from'], string> = {
  'account-active': 'while the account is active',
  'account-closure': 'until the account is closed',
  collection: 'indefinitely',
  'last-contact': 'until the last contact',
  resolution: 'until resolved',
  inactivity: 'until inactive',
  withdrawal: 'until consent is withdrawn',
};

/** "12 months after collection, then anonymised", "while the account is active". */
export function describeRetention(rule: RetentionRule): string {
  const when = rule.period ? `${describeDuration(rule.period)} ${AFTER[rule.from]}` : WHILE[rule.from];
  return rule.then === 'ANONYMISE' ? `${when}, then anonymised` : when;
}

const union = (lists: string[][]): string[] => [...new Set(lists.flat())].sort();

function retentionOf(policy: PrivacyPolicy, key: string): ProcessingRecord['retention'][number] {
  if (!(RETENTION_KEYS as readonly string[]).includes(key)) throw new Error(`retention rule "${key}" is not known`);
  const rule = policy.retention[key as RetentionKey];
  return { rule: key, period: describeRetention(rule), description: rule.description };
}

/** One record per category, from every @personal field reachable from DataSubject. */
export function processingRecords(schema: GraphQLSchema, policy: PrivacyPolicy): ProcessingRecord[] {
  const byCategory = new Map<string, Array<{ coordinate: string; personal: PersonalAnnotation }>>();
  for (const f of reachableFields(schema)) {
    if (!f.personal) continue;
    const list = byCategory.get(f.personal.category) ?? [];
    list.push({ coordinate: f.coordinate, personal: f.personal });
    byCategory.set(f.personal.category, list);
  }
  return [...byCategory.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, fields]) => ({
      category,
      fields: fields.map((f) => f.coordinate),
      purposes: union(fields.map((f) => f.personal.purposes)),
      legalBases: union(fields.map((f) => [f.personal.basis])),
      sources: union(fields.map((f) => [f.personal.source])),
      recipients: union(fields.map((f) => f.personal.recipients)),
      retention: union(fields.map((f) => [f.personal.retention])).map((key) => retentionOf(policy, key)),
    }));
}

/** Art. 20: data the subject provided, processed on contract or consent. */
export function isPortable(p: PersonalAnnotation): boolean {
  return p.source === 'SUBJECT' && (p.basis === 'CONTRACT' || p.basis === 'CONSENT');
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * The portable part of a value of type `typeName`: portable fields, and inside them the
 * technical fields (@notPersonal ids) that keep records apart. Returns undefined when nothing
 * of it is portable.
 */
export function portableSubset(schema: GraphQLSchema, typeName: string, value: Json): Json | undefined {
  const type = schema.getType(typeName);
  if (!isObjectType(type) || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, Json> = {};
  for (const [name, fieldValue] of Object.entries(value)) {
    const field = type.getFields()[name];
    if (!field || isInaccessible(field)) continue;
    const c = classify(type, field);
    const keep = c.personal ? isPortable(c.personal) : c.notPersonalReason !== null;
    if (!keep) continue;
    const named = getNamedType(field.type);
    if (!isObjectType(named) || fieldValue === null) {
      out[name] = fieldValue;
    } else if (isList(field.type) && Array.isArray(fieldValue)) {
      out[name] = fieldValue.map((item) => portableSubset(schema, named.name, item) ?? null);
    } else {
      const inner = portableSubset(schema, named.name, fieldValue);
      if (inner !== undefined) out[name] = inner;
    }
  }
  // Only technical fields left: nothing the subject provided.
  const meaningful = Object.keys(out).some((k) => {
    const f = type.getFields()[k];
    return classify(type, f).personal !== null;
  });
  return meaningful ? out : undefined;
}

function isList(t: GraphQLOutputType): boolean {
  return isListType(isNonNullType(t) ? t.ofType : t);
}

export interface SubjectExport {
  format: 'data-subject-export/1';
  subjectId: string;
  generatedAt: string;
  controller: PrivacyPolicy['controller'] & { policy: PrivacyPolicy['id']; supervisoryAuthority: string };
  /** Everything held, as the gateway returned it. */
  data: Json;
  /** Art. 15(1): purposes, legal bases, recipients, retention and source, per category. */
  processing: ProcessingRecord[];
  /** Art. 20: the part the subject may take to another service. */
  portable: Json;
}

export function buildSubjectExport(
  schema: GraphQLSchema,
  policy: PrivacyPolicy,
  subjectId: string,
  data: Json,
  now = new Date(),
  /** The same for every subject of a policy: a bulk export computes it once (5 ms each otherwise). */
  processing: ProcessingRecord[] = processingRecords(schema, policy),
): SubjectExport {
  return {
    format: 'data-subject-export/1',
    subjectId,
    generatedAt: now.toISOString(),
    controller: { ...policy.controller, policy: policy.id, supervisoryAuthority: policy.supervisoryAuthority },
    data,
    processing,
    portable: portableSubset(schema, 'DataSubject', data) ?? {},
  };
}

export type { Json };
