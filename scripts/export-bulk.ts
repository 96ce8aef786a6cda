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
import fs from 'node:fs';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { MAX_IDS } from '../common/validation';
import type { PrivacyPolicy } from '../policies';
import { buildSubjectExport, processingRecords } from '../schema/subject-export';
import { selectionOf } from '../schema/supergraph';
import { CliError } from './cli';
import { fetchBatch } from './export-bulk/gateway-batch';
import { checkIdsFile, idLines, type IdLine } from './export-bulk/ids-file';
import { PROGRESS_FILE, PROGRESS_FORMAT, readProgress, writeAtomically, type Progress } from './export-bulk/progress';
import { ProgressBar } from './export-bulk/progress-bar';

export const DEFAULT_BATCH = 100;
const NOT_FOUND_FILE = 'not-found.txt';

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
