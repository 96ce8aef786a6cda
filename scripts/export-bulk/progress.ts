import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../cli';

/** Where a run records how far it got, in its output folder; the format names its version. */
export const PROGRESS_FILE = '.progress';
export const PROGRESS_FORMAT = 'bulk-export-progress/1';

export interface Progress {
  format: typeof PROGRESS_FORMAT;
  idsFile: { sha256: string; bytes: number };
  /** Bytes of the ids file whose subjects are all written. */
  offset: number;
  /** Lines read up to `offset` (for messages). */
  line: number;
  /** Ids up to `offset`: written, or listed in not-found.txt. */
  done: number;
  notFound: number;
  complete: boolean;
}

export function readProgress(outDir: string): Progress | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(outDir, PROGRESS_FILE), 'utf8')) as Progress;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`${path.join(outDir, PROGRESS_FILE)} cannot be read: delete it to start again`, 2);
  }
}

/** Temp then rename: a reader (or a resumed run) sees the old file or the new one, never half of one. */
export function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp`;
  return fs.promises.writeFile(tmp, text).then(() => fs.promises.rename(tmp, file));
}
