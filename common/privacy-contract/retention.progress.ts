import type { EntityManager } from 'typeorm';
import { col, tablesMigration, type TableSpec } from '../migration';

/**
 * Where a real sweep stands (decision 260): per run and step (a rule's count, write or hold
 * count over one table), the key the last committed chunk ended at and what the step has counted
 * so far, written in the same transaction as the chunk. A sweep that died between chunks is run
 * again with its run id and goes on from there; its rows go when the run is recorded done.
 */
export const RETENTION_PROGRESS_TABLE: TableSpec = {
  name: 'retention_progress',
  columns: [
    { ...col.ref('run_id'), isPrimary: true },
    { ...col.varchar('step', 80), isPrimary: true },
    col.text('cursor_key', true),
    col.text('result'),
    col.int('done'),
  ],
};

/** Each subgraph's migration that adds `retention_progress` (issue 19). */
export function retentionProgressMigration(name: string) {
  return tablesMigration(name, [RETENTION_PROGRESS_TABLE]);
}

/** A step's progress: the last key done (JSON, null before the first chunk), its total so far, finished or not. */
export interface StepProgress {
  cursor: unknown[] | null;
  result: unknown;
  done: boolean;
}

export async function readProgress(tx: EntityManager, runId: string, step: string): Promise<StepProgress | null> {
  const mysql = tx.connection.options.type !== 'better-sqlite3';
  // On MySQL the row is locked: two callers of the same run (a retry while the first still runs)
  // take a step's chunks one after the other, each from where the other left it.
  const rows = await tx.query<Array<{ cursor_key: string | null; result: string; done: number | string }>>(
    `SELECT cursor_key, result, done FROM retention_progress WHERE run_id = ? AND step = ?${mysql ? ' FOR UPDATE' : ''}`,
    [runId, step],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    cursor: row.cursor_key === null ? null : (JSON.parse(row.cursor_key) as unknown[]),
    result: JSON.parse(row.result) as unknown,
    done: Number(row.done) === 1,
  };
}

export async function saveProgress(
  tx: EntityManager,
  runId: string,
  step: string,
  progress: StepProgress,
  exists: boolean,
): Promise<void> {
  const values = [
    progress.cursor === null ? null : JSON.stringify(progress.cursor),
    JSON.stringify(progress.result),
    progress.done ? 1 : 0,
  ];
  if (exists)
    await tx.query('UPDATE retention_progress SET cursor_key = ?, result = ?, done = ? WHERE run_id = ? AND step = ?', [
      ...values,
      runId,
      step,
    ]);
  else
    await tx.query('INSERT INTO retention_progress (run_id, step, cursor_key, result, done) VALUES (?, ?, ?, ?, ?)', [
      runId,
      step,
      ...values,
    ]);
}

/** The run is recorded done: its progress says nothing any more. */
export async function dropProgress(tx: EntityManager, runId: string): Promise<void> {
  await tx.query('DELETE FROM retention_progress WHERE run_id = ?', [runId]);
}
