import { positiveIntegerSettings } from '../config';
import type { WindowSizing } from './retention.window';

/** How a real sweep cuts its work (decisions 260 and 328). */
export interface ChunkSettings extends WindowSizing {
  /** Rows a sweep's statement reads or changes at most, and a chunk's transaction commits (RETENTION_CHUNK_ROWS). */
  chunkRows: number;
  /** Milliseconds a window's statements should take (RETENTION_CHUNK_MS); null ("0"): windows of chunkRows rows. */
  chunkMs: number | null;
  /**
   * Tests only (RETENTION_EXIT_AFTER_CHUNKS): the process exits right after this many chunks of a
   * real sweep have committed, as a crash would, so that a test can run the sweep again. Unset: never.
   */
  exitAfterChunks: number | null;
}

export const DEFAULT_CHUNK_ROWS = 1000;
/** A window's statements last about this long (decision 328): locks held for tens of milliseconds, not seconds. */
export const DEFAULT_CHUNK_MS = 20;

export function chunkSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ChunkSettings {
  const { chunkRows } = positiveIntegerSettings(
    env,
    { chunkRows: 'RETENTION_CHUNK_ROWS' },
    { chunkRows: DEFAULT_CHUNK_ROWS },
  );
  // "0" turns the timing off (windows of chunkRows rows, as before decision 328); anything else
  // must be a positive whole number, as every numeric setting.
  const fixed = env.RETENTION_CHUNK_MS?.trim() === '0';
  const { chunkMs } = fixed
    ? { chunkMs: 0 }
    : positiveIntegerSettings(env, { chunkMs: 'RETENTION_CHUNK_MS' }, { chunkMs: DEFAULT_CHUNK_MS });
  const exit = positiveIntegerSettings(env, { after: 'RETENTION_EXIT_AFTER_CHUNKS' }, { after: 0 }).after;
  return { chunkRows, chunkMs: fixed ? null : chunkMs, exitAfterChunks: exit > 0 ? exit : null };
}
