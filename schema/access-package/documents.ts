/**
 * documents/: the files the subject shared, byte for byte, decoded from the `...Base64` fields the
 * export carries (the supergraph's convention for file content, the same one json-schema.ts
 * marks `contentEncoding: base64`). Found by walking the data, so a new kind of file in any
 * subgraph lands here too.
 */
import type { Json } from '../subject-export';
import { sha256Hex } from './zip';

export interface PackagedDocument {
  path: string;
  /** The record's id and name as held, and the SHA-256 recorded with it, if any. */
  id: string | null;
  name: string;
  recordedSha256: string | null;
  content: Buffer;
}

/** A file name that is safe on every system and cannot climb out of documents/. */
export function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    // Path separators, characters Windows refuses, and control characters.
    // eslint-disable-next-line no-control-regex
    .replace(/[/\\:*?"<>|\u0000-\u001f\u007f]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 120);
  return cleaned || 'document';
}

const isRecord = (v: Json): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);

export function collectDocuments(data: Json): PackagedDocument[] {
  const out: PackagedDocument[] = [];
  const used = new Set<string>();
  const visit = (value: Json): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!isRecord(value)) return;
    for (const [key, v] of Object.entries(value)) {
      if (key.endsWith('Base64') && typeof v === 'string') {
        const id = typeof value.id === 'string' ? value.id : null;
        const name = typeof value.name === 'string' ? value.name : key;
        let path = `documents/${id ? `${id.slice(0, 8)}-` : ''}${safeFileName(name)}`;
        for (let n = 2; used.has(path); n++) path = `documents/${n}-${safeFileName(name)}`;
        used.add(path);
        const content = Buffer.from(v, 'base64');
        out.push({
          path,
          id,
          name,
          recordedSha256: typeof value.sha256 === 'string' ? value.sha256 : null,
          content,
        });
      } else visit(v);
    }
  };
  visit(data);
  return out;
}

export const matchesRecord = (d: PackagedDocument): boolean =>
  d.recordedSha256 === null || d.recordedSha256 === sha256Hex(d.content);
