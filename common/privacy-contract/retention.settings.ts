import { positiveIntegerSettings } from '../config';
import type { WindowSizing } from './retention.window';

/**
 * How a real sweep cuts its work (decisions 260 and 328): `chunkRows` from RETENTION_CHUNK_ROWS,
 * `chunkMs` from RETENTION_CHUNK_MS ("0": null, windows of chunkRows rows).
 */
export interface ChunkSettings extends WindowSizing {
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
  // "0" turns the timing off (windows of chunkRows rows, as before decision 328); any other value
  // must be a positive whole number, as every numeric setting.
  const timed = env.RETENTION_CHUNK_MS?.trim() !== '0';
  const { chunkRows, chunkMs } = positiveIntegerSettings(
    timed ? env : { ...env, RETENTION_CHUNK_MS: undefined },
    { chunkRows: 'RETENTION_CHUNK_ROWS', chunkMs: 'RETENTION_CHUNK_MS' },
    { chunkRows: DEFAULT_CHUNK_ROWS, chunkMs: DEFAULT_CHUNK_MS },
  );
  const exit = positiveIntegerSettings(env, { after: 'RETENTION_EXIT_AFTER_CHUNKS' }, { after: 0 }).after;
  return { chunkRows, chunkMs: timed ? chunkMs : null, exitAfterChunks: exit > 0 ? exit : null };
}
