/**
 * `npm run export -- --ids-file ids.txt --out DIR [--batch 100]`: the export file of many subjects,
 * as export tooling (a `service` caller), one `DIR/<id>.json` per subject, each the same file
 * `npm run export -- --id <id> --out x.json` writes (decision 79).
 *
 * - The ids file (one subject id per line; blank lines ignored) is read twice as a stream: once
 *   to check every line and count them, so that a bad line changes nothing, then batch by batch.
 *   Neither the ids nor the exports are ever all in memory: one batch at a time.
 * - Each batch is one `subjects(ids:)` call (at most MAX_IDS ids, the gateway's limit); a full
 *   export costs one from the caller's export budget, so RATE_LIMITED is waited out (Retry-After).
 * - Each file is written to a temporary name and renamed; once a batch's files are all in place,
 *   `DIR/.progress` (also renamed into place) records the byte offset after the batch. A run
 *   killed at any point resumes from there: the unfinished batch is exported again and its files
 *   replace themselves, so no subject is skipped and none is written twice.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { isUuid, MAX_IDS } from '../common/validation';
import type { PrivacyPolicy } from '../policies';
import { buildSubjectExport, processingRecords, type Json } from '../schema/subject-export';
import { selectionOf } from '../schema/supergraph';
import { CliError } from './cli';

export const DEFAULT_BATCH = 100;
const PROGRESS_FILE = '.progress';
const NOT_FOUND_FILE = 'not-found.txt';
const PROGRESS_FORMAT = 'bulk-export-progress/1';

export interface BulkOptions {
  idsFile: string;
  outDir: string;
  gateway: string;
  /** Called before each batch: a long run outlives a 15-minute token, so it may sign a new one. */
  token: () => Promise<string>;
  policy: PrivacyPolicy;
  schema: GraphQLSchema;
  batch?: number;
  /** Where the progress bar goes (default: standard error). */
  progress?: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface BulkResult {
  total: number;
  /** Subjects written by this run (a resumed run does not count what an earlier one wrote). */
  written: number;
  /** Ids written before this run started (0 for a fresh run). */
  resumedFrom: number;
  notFound: number;
  seconds: number;
  peakRssBytes: number;
}

interface Progress {
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

interface IdLine {
  id: string;
  line: number;
  /** Byte offset just after this line. */
  end: number;
}

/** The lines of a file from `start`, with their number and end offset; one chunk in memory at a time. */
async function* idLines(file: string, start = 0, firstLine = 1): AsyncGenerator<IdLine & { text: string }> {
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
async function checkIdsFile(file: string): Promise<{ total: number; sha256: string; bytes: number }> {
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

function readProgress(outDir: string): Progress | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(outDir, PROGRESS_FILE), 'utf8')) as Progress;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`${path.join(outDir, PROGRESS_FILE)} cannot be read: delete it to start again`, 2);
  }
}

/** Temp then rename: a reader (or a resumed run) sees the old file or the new one, never half of one. */
function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp`;
  return fs.promises.writeFile(tmp, text).then(() => fs.promises.rename(tmp, file));
}

class ProgressBar {
  private lastDrawn = 0;
  private readonly started = Date.now();

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly total: number,
    private readonly startedAt: number,
  ) {}

  /** On a terminal, redrawn in place; in a log, a line every 10 s and at the end. */
  draw(done: number, note = '', force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDrawn < (this.out.isTTY ? 200 : 10_000)) return;
    this.lastDrawn = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? (done - this.startedAt) / seconds : 0;
    const left = rate > 0 ? (this.total - done) / rate : Infinity;
    const share = this.total ? done / this.total : 1;
    const width = 24;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
    const text = `[${bar}] ${done}/${this.total} subjects, ${rate.toFixed(1)}/s, ${
      Number.isFinite(left) ? `${formatSeconds(left)} left` : 'time left unknown'
    }${note ? `, ${note}` : ''}`;
    this.out.write(this.out.isTTY ? `\r${text}\x1b[K` : `${text}\n`);
  }

  end(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}

function formatSeconds(s: number): string {
  const total = Math.ceil(s);
  const m = Math.floor(total / 60);
  return m > 0 ? `${m} min ${String(total % 60).padStart(2, '0')} s` : `${total} s`;
}

type Answer = {
  data?: { subjects?: Array<Json | null> } | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
};

/** One `subjects(ids:)` call; RATE_LIMITED is waited out as the gateway says (Retry-After). */
async function fetchBatch(
  options: BulkOptions,
  query: string,
  ids: string[],
  onWait: (seconds: number) => void,
): Promise<Array<Json | null>> {
  for (;;) {
    let res: Response;
    try {
      res = await fetch(options.gateway, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await options.token()}` },
        body: JSON.stringify({ query, variables: { ids } }),
      });
    } catch {
      throw new CliError(`the gateway does not answer at ${options.gateway} (is it running? npm start)`, 3);
    }
    const answer = (await res.json()) as Answer;
    if (res.status === 429) {
      const seconds = Number(res.headers.get('retry-after')) || 5;
      onWait(seconds);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      continue;
    }
    // A partial export is not an export: stop, the batch is done again on the next run.
    if (answer.errors?.length)
      throw new CliError(answer.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n'), 1);
    const subjects = answer.data?.subjects;
    if (!subjects || subjects.length !== ids.length)
      throw new CliError('the gateway did not answer one export per id', 1);
    return subjects;
  }
}

export async function exportMany(options: BulkOptions): Promise<BulkResult> {
  const batchSize = options.batch ?? DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_IDS)
    throw new CliError(`--batch must be a whole number from 1 to ${MAX_IDS} (the gateway's limit per call)`, 2);
  const started = Date.now();
  const file = await checkIdsFile(options.idsFile);
  try {
    fs.mkdirSync(options.outDir, { recursive: true });
  } catch {
    throw new CliError(`cannot create the output folder ${options.outDir}`, 2);
  }
  const saved = readProgress(options.outDir);
  if (saved && (saved.idsFile?.sha256 !== file.sha256 || saved.format !== PROGRESS_FORMAT))
    throw new CliError(
      `${options.outDir} holds the progress of another ids file: give another --out, or delete ${PROGRESS_FILE} in it to start again`,
      2,
    );
  let progress: Progress = saved ?? {
    format: PROGRESS_FORMAT,
    idsFile: { sha256: file.sha256, bytes: file.bytes },
    offset: 0,
    line: 0,
    done: 0,
    notFound: 0,
    complete: false,
  };
  const resumedFrom = progress.done;
  const out = options.progress ?? process.stderr;
  const bar = new ProgressBar(out, file.total, resumedFrom);
  if (resumedFrom > 0 && !progress.complete)
    out.write(`resuming after line ${progress.line}: ${resumedFrom} of ${file.total} subjects already written\n`);

  const query = `query SubjectsExport($ids: [ID!]!) {\n  subjects(ids: $ids) {\n${selectionOf(options.schema, 'DataSubject', '    ')}\n  }\n}\n`;
  const processing = processingRecords(options.schema, options.policy);
  let written = 0;
  let batch: IdLine[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const ids = batch.map((b) => b.id);
    const subjects = await fetchBatch(options, query, ids, (s) =>
      bar.draw(progress.done, `rate limited, waiting ${s} s`, true),
    );
    const missing: string[] = [];
    await Promise.all(
      subjects.map((data, i) => {
        if (data === null) {
          missing.push(ids[i]);
          return Promise.resolve();
        }
        const result = buildSubjectExport(options.schema, options.policy, ids[i], data, new Date(), processing);
        return writeAtomically(path.join(options.outDir, `${ids[i]}.json`), `${JSON.stringify(result, null, 2)}\n`);
      }),
    );
    // Listed before the checkpoint moves; a batch done again after a kill may list an id twice.
    if (missing.length)
      await fs.promises.appendFile(path.join(options.outDir, NOT_FOUND_FILE), `${missing.join('\n')}\n`);
    const last = batch[batch.length - 1];
    progress = {
      ...progress,
      offset: last.end,
      line: last.line,
      done: progress.done + batch.length,
      notFound: progress.notFound + missing.length,
    };
    await writeAtomically(path.join(options.outDir, PROGRESS_FILE), `${JSON.stringify(progress)}\n`);
    written += batch.length - missing.length;
    batch = [];
    bar.draw(progress.done);
  };

  if (!progress.complete) {
    bar.draw(progress.done, '', true);
    for await (const l of idLines(options.idsFile, progress.offset, progress.line + 1)) {
      if (l.id === '') continue;
      // The same id twice in one call would be exported once and written once: keep the batch distinct.
      if (!batch.some((b) => b.id === l.id)) batch.push(l);
      else batch[batch.length - 1] = { ...batch[batch.length - 1], end: l.end, line: l.line };
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    progress = { ...progress, complete: true, done: file.total };
    await writeAtomically(path.join(options.outDir, PROGRESS_FILE), `${JSON.stringify(progress)}\n`);
    bar.draw(progress.done, '', true);
    bar.end();
  }
  return {
    total: file.total,
    written,
    resumedFrom,
    notFound: progress.notFound,
    seconds: (Date.now() - started) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}
