/**
 * The access package (Art. 15) or portable package (Art. 20) of one subject, as one zip streamed
 * to a Writable:
 *   data.json          everything held (or the portable part), by subgraph and category
 *   data.schema.json   its JSON Schema, generated from the supergraph
 *   processing.json    per category, Art. 15(1)(a)-(h) and 15(2), from the configured policy
 *   documents/         the files the subject shared, byte for byte
 *   records.json       (access only) what the requests service keeps beside the data: the
 *                      access log of staff reads, the messages sent, legal holds, disclosures
 *   left-out.json      (portable only) what is not included, and why
 *   index.html         the same for people, in the subject's language and the other one
 *   manifest.json      SHA-256 of every file, the supergraph's hash, when, for which request
 */
import type { Writable } from 'node:stream';
import type { GraphQLSchema } from 'graphql';
import type { PrivacyPolicy } from '../../policies';
import type { SubjectExport } from '../subject-export';
import { packageData } from './data';
import { collectDocuments } from './documents';
import { indexHtml } from './index-html';
import { dataJsonSchema } from './json-schema';
import { NOT_PERSONAL } from './layout';
import { leftOutOfPortable } from './left-out';
import { buildManifest, MANIFEST_PATH, type Manifest } from './manifest';
import { processingFile } from './processing';
import { sha256Hex, zipTo, type ZipEntry } from './zip';

export interface AccessPackageOptions {
  /** The supergraph the export was made with, and its text (hashed into the manifest). */
  schema: GraphQLSchema;
  supergraphSdl: string;
  policy: PrivacyPolicy;
  portable: boolean;
  requestId?: string | null;
  madeAt: Date;
  /** The query the export was fetched with; default: exportQuery(schema). */
  query?: string;
  /** The time zone index.html shows dates in (default Europe/Paris). */
  timeZone?: string;
  /** records.json: the subject's records kept beside the data (the whole copy), by section. */
  records?: Record<string, unknown> | null;
}

/** The categories records.json holds (access log: USAGE; messages: CONTACT; holds, disclosures: RIGHTS_REQUEST). */
export const RECORDS_CATEGORIES = ['USAGE', 'CONTACT', 'RIGHTS_REQUEST'] as const;

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export async function writeAccessPackage(
  exported: Pick<SubjectExport, 'subjectId' | 'data'>,
  options: AccessPackageOptions,
  out: Writable,
): Promise<Manifest> {
  const { schema, policy, portable, query } = options;
  const data = packageData(schema, exported.subjectId, exported.data, { portable, query });
  const categories = new Set(Object.values(data.subgraphs).flatMap((c) => Object.keys(c)));
  if (Object.keys(data.subject).length) categories.add('IDENTITY');
  categories.delete(NOT_PERSONAL);
  if (options.records) for (const c of RECORDS_CATEGORIES) categories.add(c);
  const processing = processingFile(schema, policy, { categories });
  // Documents of the portable package come from the portable part only.
  const documents = collectDocuments(data.subgraphs);
  const leftOut = portable ? leftOutOfPortable(schema, query) : null;
  const held = exported.data as { fullName?: unknown } | null;
  const subjectName = typeof held?.fullName === 'string' ? held.fullName : exported.subjectId;

  const zip = zipTo(out, { date: options.madeAt });
  const entries: ZipEntry[] = [
    zip.add('data.json', json(data)),
    zip.add('data.schema.json', json(dataJsonSchema(schema, { portable, query }))),
    zip.add('processing.json', json(processing)),
    ...(options.records ? [zip.add('records.json', json(options.records))] : []),
    ...documents.map((d) => zip.add(d.path, d.content)),
    ...(leftOut ? [zip.add('left-out.json', json(leftOut))] : []),
    zip.add(
      'index.html',
      indexHtml({
        subjectName,
        madeAt: options.madeAt,
        controller: policy.controller,
        data,
        processing,
        documents,
        leftOut,
        schema,
        timeZone: options.timeZone,
      }),
    ),
  ];
  const manifest = buildManifest(
    {
      subjectId: exported.subjectId,
      requestId: options.requestId ?? null,
      madeAt: options.madeAt.toISOString(),
      policy: policy.id,
      portable,
      supergraphSha256: sha256Hex(options.supergraphSdl),
    },
    entries,
  );
  zip.add(MANIFEST_PATH, json(manifest));
  await zip.finish();
  return manifest;
}

export { verifyManifest, type Manifest } from './manifest';
