/**
 * The zip, written as it is built: archiver (ZIP64-capable, deflate) pipes each entry to the
 * Writable as it is compressed, so the archive never sits whole in memory. Each entry's SHA-256
 * is taken from the bytes handed to it, for the manifest.
 */
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import type * as Archiver from 'archiver' with { 'resolution-mode': 'import' };

// archiver 8 is an ES module. Node 20.19+ require()s it natively, but a plain `import` does not
// compile to CommonJS, and Jest's module loader (which stands in for `require` and for
// `node:module` in tests) cannot load ES modules: so Node's own require, taken from the runtime.
const nodeModule = process.getBuiltinModule('node:module');
const { ZipArchive } = nodeModule.createRequire(__filename)('archiver') as typeof Archiver;

export interface ZipEntry {
  path: string;
  sha256: string;
  bytes: number;
}

export interface ZipWriter {
  add(path: string, content: Buffer | string): ZipEntry;
  /** Ends the archive and resolves once `out` has taken every byte. */
  finish(): Promise<void>;
}

export const sha256Hex = (content: Buffer | string): string => createHash('sha256').update(content).digest('hex');

export function zipTo(out: Writable, options: { date: Date; level?: number }): ZipWriter {
  const archive = new ZipArchive({ zlib: { level: options.level ?? 6 } });
  let failure: Error | undefined;
  const failed = new Promise<never>((_, reject) => {
    const fail = (error: Error): void => {
      failure ??= error;
      reject(error);
    };
    archive.on('error', fail);
    out.on('error', fail);
  });
  failed.catch(() => undefined); // observed through finish()
  const written = new Promise<void>((resolve) => out.on('finish', () => resolve()));
  archive.pipe(out);
  const names = new Set<string>();
  return {
    add(path, content) {
      if (failure) throw failure;
      if (names.has(path)) throw new Error(`the package already has ${path}`);
      names.add(path);
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      // A fixed date: the same data gives the same entries.
      archive.append(bytes, { name: path, date: options.date });
      return { path, sha256: sha256Hex(bytes), bytes: bytes.length };
    },
    async finish() {
      await Promise.race([archive.finalize().then(() => written), failed]);
    },
  };
}
