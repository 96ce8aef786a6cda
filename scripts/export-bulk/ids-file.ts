import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { isUuid } from '../../common/validation';
import { CliError } from '../cli';

export interface IdLine {
  id: string;
  line: number;
  /** Byte offset just after this line. */
  end: number;
}

/** The lines of a file from `start`, with their number and end offset; one chunk in memory at a time. */
export async function* idLines(file: string, start = 0, firstLine = 1): AsyncGenerator<IdLine & { text: string }> {
  let pending: Buffer = Buffer.alloc(0);
  let offset = start;
  let line = firstLine;
  for await (const chunk of fs.createReadStream(file, { start }) as AsyncIterable<Buffer>) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let newline: number;
    while ((newline = pending.indexOf(0x0a)) >= 0) {
      const text = pending.subarray(0, newline).toString('utf8');
      offset += newline + 1;
      pending = pending.subarray(newline + 1);
      yield { text, id: text.trim().toLowerCase(), line: line++, end: offset };
    }
    // A line longer than any id by far: no need to keep reading it to know it is wrong.
    if (pending.length > 1024) yield { text: 'x', id: 'x', line, end: offset + pending.length };
  }
  if (pending.length > 0) {
    const text = pending.toString('utf8');
    yield { text, id: text.trim().toLowerCase(), line, end: offset + pending.length };
  }
}

/**
 * First pass: every line is a subject id or blank (else exit 2 naming the line, never its
 * content: it might be an email pasted by mistake), and the file's hash, so that a resumed run
 * is known to read the same file.
 */
export async function checkIdsFile(file: string): Promise<{ total: number; sha256: string; bytes: number }> {
  try {
    if (!fs.statSync(file).isFile()) throw new Error('not a file');
  } catch {
    throw new CliError(`cannot read the ids file ${file}: give a file of subject ids, one per line`, 2);
  }
  const hash = createHash('sha256');
  let total = 0;
  let bytes = 0;
  // Hashed from its own stream: the lines' generator may stop early on a bad line.
  const hashing = (async () => {
    for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  })();
  for await (const l of idLines(file)) {
    if (l.id === '') continue;
    if (!isUuid(l.id))
      throw new CliError(
        `line ${l.line} of the ids file is not a subject id (a UUID is expected); nothing exported`,
        2,
      );
    total++;
  }
  await hashing;
  return { total, sha256: hash.digest('hex'), bytes };
}
