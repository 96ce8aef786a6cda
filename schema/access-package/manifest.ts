/**
 * manifest.json: what the package is and how to check it. The SHA-256 of every other file, the
 * hash of the supergraph the data was described with, when and for which request it was made.
 * A reader checks a package by hashing each file and comparing (verifyManifest does just that).
 */
import type { PrivacyPolicy } from '../../policies';
import { sha256Hex, type ZipEntry } from './zip';

export const MANIFEST_FORMAT = 'access-package-manifest/1';
export const MANIFEST_PATH = 'manifest.json';

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  subjectId: string;
  /** The rights request the package answers; null when made outside the ledger (npm run export). */
  requestId: string | null;
  madeAt: string;
  policy: PrivacyPolicy['id'];
  /** Art. 20 (only what the subject provided) rather than Art. 15 (everything held). */
  portable: boolean;
  supergraphSha256: string;
  hashAlgorithm: 'SHA-256';
  files: ZipEntry[];
}

export function buildManifest(
  fields: Omit<Manifest, 'format' | 'hashAlgorithm' | 'files'>,
  files: ZipEntry[],
): Manifest {
  return {
    format: MANIFEST_FORMAT,
    ...fields,
    hashAlgorithm: 'SHA-256',
    files: [...files].sort((a, b) => a.path.localeCompare(b.path)),
  };
}

/**
 * What does not check out between a manifest and the files of a package: a file missing, one
 * not listed, or one whose bytes do not match. Empty when the package is intact.
 */
export function verifyManifest(manifest: Manifest, files: Map<string, Buffer>): string[] {
  const problems: string[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const content = files.get(f.path);
    if (!content) problems.push(`${f.path}: listed but missing`);
    else if (sha256Hex(content) !== f.sha256) problems.push(`${f.path}: SHA-256 does not match`);
    else if (content.length !== f.bytes) problems.push(`${f.path}: size does not match`);
  }
  for (const path of files.keys())
    if (path !== MANIFEST_PATH && !listed.has(path)) problems.push(`${path}: not in the manifest`);
  return problems;
}
