import { positiveIntegerSettings } from '../config';

/** How a real sweep cuts its work (decision 260). */
export interface ChunkSettings {
  /** Rows a sweep's statement reads or changes at most, and a chunk's transaction commits (RETENTION_CHUNK_ROWS). */
  chunkRows: number;
  /**
   * Tests only (RETENTION_EXIT_AFTER_CHUNKS): the process exits right after this many chunks of a
   * real sweep have committed, as a crash would, so that a test can run the sweep again. Unset: never.
   */
  exitAfterChunks: number | null;
}

export const DEFAULT_CHUNK_ROWS = 1000;

export function chunkSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ChunkSettings {
  const { chunkRows } = positiveIntegerSettings(
    env,
    { chunkRows: 'RETENTION_CHUNK_ROWS' },
    { chunkRows: DEFAULT_CHUNK_ROWS },
  );
  const exit = positiveIntegerSettings(env, { after: 'RETENTION_EXIT_AFTER_CHUNKS' }, { after: 0 }).after;
  return { chunkRows, exitAfterChunks: exit > 0 ? exit : null };
}
