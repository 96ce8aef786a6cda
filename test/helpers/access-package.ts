/**
 * Reading an access package as its recipient would: unzip every entry (yauzl, entry by entry),
 * parse the JSON files. Used by the package tests.
 */
import { PassThrough } from 'node:stream';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { dataSubjectType, objectTypeOf } from '../../schema/access-package/layout';
import { classify } from '../../schema/supergraph';
import type { Json } from '../../schema/subject-export';
import yauzl from 'yauzl';
import { writeAccessPackage, type AccessPackageOptions, type Manifest } from '../../schema/access-package';
import type { PackageData } from '../../schema/access-package/data';
import type { LeftOut } from '../../schema/access-package/left-out';
import type { ProcessingFile } from '../../schema/access-package/processing';
import type { SubjectExport } from '../../schema/subject-export';

export function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err) return reject(err);
      const files = new Map<string, Buffer>();
      file.on('error', reject);
      file.on('end', () => resolve(files));
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}

export interface OpenedPackage {
  zip: Buffer;
  files: Map<string, Buffer>;
  data: PackageData;
  schema: Record<string, unknown>;
  processing: ProcessingFile;
  manifest: Manifest;
  leftOut: LeftOut[] | undefined;
  html: string;
}

export function openPackage(zip: Buffer, files: Map<string, Buffer>): OpenedPackage {
  const read = <T>(name: string): T => JSON.parse(files.get(name)?.toString('utf8') ?? 'null') as T;
  return {
    zip,
    files,
    data: read('data.json'),
    schema: read('data.schema.json'),
    processing: read('processing.json'),
    manifest: read('manifest.json'),
    leftOut: files.has('left-out.json') ? read<LeftOut[]>('left-out.json') : undefined,
    html: files.get('index.html')?.toString('utf8') ?? '',
  };
}

/** Builds a package into memory (the test's side; the builder itself only streams) and opens it. */
export async function buildPackage(
  exported: Pick<SubjectExport, 'subjectId' | 'data'>,
  options: AccessPackageOptions,
): Promise<OpenedPackage> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeAccessPackage(exported, options, out);
  const zip = Buffer.concat(chunks);
  return openPackage(zip, await unzip(zip));
}

export type Obj = { [key: string]: Json };
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every personal field holding a value, as `path = value`, walked with the schema. */
export function personalValues(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  value: Obj,
  at: string,
  out: Map<string, Json>,
) {
  for (const [key, v] of Object.entries(value)) {
    const field = type.getFields()[key];
    if (!field || v === null) continue;
    const personal = classify(type, field).personal;
    const inner = objectTypeOf(field);
    if (personal && !inner) out.set(`${at}.${key}`, v);
    if (inner && Array.isArray(v))
      v.forEach((item, i) => isObj(item) && personalValues(schema, inner, item, `${at}.${key}[${i}]`, out));
    else if (inner && isObj(v)) personalValues(schema, inner, v, `${at}.${key}`, out);
  }
  return out;
}

/** The same walk over data.json, whose DataSubject fields sit under subgraph and category. */
export function personalValuesInPackage(schema: GraphQLSchema, pkg: OpenedPackage): Map<string, Json> {
  const out = new Map<string, Json>();
  const type = dataSubjectType(schema);
  const subject: Obj = { ...(pkg.data.subject as Obj) };
  for (const categories of Object.values(pkg.data.subgraphs))
    for (const fields of Object.values(categories)) Object.assign(subject, fields);
  return personalValues(schema, type, subject, 'DataSubject', out);
}

export function validator(pkg: OpenedPackage) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addVocabulary(['x-personal', 'x-not-personal']);
  return ajv.compile(pkg.schema);
}
