/**
 * A sweep's walk reads its table a window at a time (decision 268): a rule that selects a few
 * rows of a large table no longer makes one chunk scan on until it has found a chunk's worth.
 * Driven on a table of its own in a real subgraph database (SQLite, or MariaDB with DB=mysql):
 * the counts, subjects and deletes stay exact whatever the windows, and on MariaDB no chunk's
 * transaction reads more rows than its windows hold, however far apart the due rows lie.
 */
import fs from 'node:fs';
import type { EntityManager } from 'typeorm';
import {
  dropMysqlDatabases,
  mysqlDatabaseName,
  openSubgraphDatabase,
  type SubgraphDatabase,
} from '../common/datasource';
import { SweepSteps } from '../common/privacy-contract/retention.chunks';
import { sessionsSubgraph } from '../subgraphs/sessions/sessions.subgraph';
import { isolatedDbConfig } from './helpers/stack';

const ROWS = 900;
const CHUNK = 3;
/** A chunk's window: its chunk's worth of rows of the table, due or not. */
const WINDOW = CHUNK;
/** Due rows: two at the start, a run in the middle, three at the very end. */
const DUE_IDS = [2, 5, ...Array.from({ length: 14 }, (_, i) => 450 + i), ROWS - 2, ROWS - 1, ROWS];
/** 300 subjects of 3 rows each (a subject's rows all fall in the window that reaches it). */
const subjectOf = (id: number) => `s${String(id % 300).padStart(3, '0')}`;

describe('a sweep step over a table with few due rows', () => {
  const cfg = isolatedDbConfig();
  let db: SubgraphDatabase;
  /**
   * Rows each transaction read per window it went through, on MariaDB (its session's
   * Handler_read_* counters): windows that change nothing share a transaction.
   */
  const readPerWindow: number[] = [];

  beforeAll(async () => {
    db = await openSubgraphDatabase('sessions', cfg, sessionsSubgraph.entities, sessionsSubgraph.migrations);
    await db.dataSource.query(
      'CREATE TABLE walk_probe (id INTEGER NOT NULL PRIMARY KEY, subject_id VARCHAR(36) NULL, due INTEGER NOT NULL)',
    );
    await db.dataSource.query('CREATE INDEX walk_probe_subject ON walk_probe (subject_id)');
    const due = new Set(DUE_IDS);
    const values = Array.from(
      { length: ROWS },
      (_, i) => `(${i + 1}, '${subjectOf(i + 1)}', ${due.has(i + 1) ? 1 : 0})`,
    );
    await db.dataSource.query(`INSERT INTO walk_probe (id, subject_id, due) VALUES ${values.join(', ')}`);
  });
  afterAll(async () => {
    await db.dataSource.destroy();
    if (cfg.kind === 'mysql') await dropMysqlDatabases(cfg, [mysqlDatabaseName(cfg, 'sessions')]);
    fs.rmSync(cfg.sqliteDir, { recursive: true, force: true });
  });

  const handlerReads = async (tx: EntityManager): Promise<number> => {
    const rows = await tx.query<Array<{ Variable_name: string; Value: string }>>(
      "SHOW SESSION STATUS LIKE 'Handler_read%'",
    );
    return rows.reduce((n, r) => n + Number(r.Value), 0);
  };

  /** Transactions as a real sweep runs them; on MariaDB, the rows each read per window. */
  function steps(runId: string): { steps: SweepSteps; windows: () => number } {
    let windows = 0;
    let windowsBefore = 0;
    const steps = new SweepSteps(
      runId,
      { chunkRows: CHUNK, chunkMs: null },
      (work) =>
        db.dataSource.transaction(async (tx) => {
          if (cfg.kind !== 'mysql') return work(tx);
          const before = await handlerReads(tx);
          const result = await work(tx);
          // SHOW STATUS counts its own reads too: what a SHOW reads with nothing between is taken off.
          const after = await handlerReads(tx);
          const idle = (await handlerReads(tx)) - after;
          readPerWindow.push((after - before - idle) / Math.max(1, windows - windowsBefore));
          windowsBefore = windows;
          return result;
        }),
      { window: () => (windows += 1) },
    );
    return { steps, windows: () => windows };
  }

  it('counts, counts subjects and deletes exactly, a window of rows at a time', async () => {
    const { steps: walk, windows } = steps('run-1');
    const rows = { table: 'walk_probe', where: 'due = 1' };

    expect(await walk.count('probe:count', rows)).toBe(DUE_IDS.length);
    // A window at a time: a chunk never reaches past the chunkRows rows that follow its start.
    expect(windows()).toBeGreaterThanOrEqual(ROWS / WINDOW);

    const subjects = await walk.subjects('probe:subjects', {
      from: 'walk_probe',
      subject: 'subject_id',
      where: 'due = 1',
    });
    expect(subjects).toBe(new Set(DUE_IDS.map(subjectOf)).size);

    expect(await walk.write('probe:delete', rows)).toBe(DUE_IDS.length);
    const left = await db.dataSource.query<Array<{ n: number | string }>>(
      'SELECT COUNT(*) AS n FROM walk_probe WHERE due = 1',
    );
    expect(Number(left[0].n)).toBe(0);
    const all = await db.dataSource.query<Array<{ n: number | string }>>('SELECT COUNT(*) AS n FROM walk_probe');
    expect(Number(all[0].n)).toBe(ROWS - DUE_IDS.length);
  });

  it('by keys selected and rechecked (a write whose condition MySQL could not run in the UPDATE itself)', async () => {
    await db.dataSource.query(`UPDATE walk_probe SET due = 2 WHERE id IN (7, 400, 890)`);
    const { steps: walk } = steps('run-2');
    const changed = await walk.write('probe:recheck', {
      table: 'walk_probe',
      set: 'subject_id = NULL',
      where: 'due = 2',
      recheck: 'due = 2',
    });
    expect(changed).toBe(3);
    const cleared = await db.dataSource.query<Array<{ id: number | string }>>(
      'SELECT id FROM walk_probe WHERE subject_id IS NULL ORDER BY id',
    );
    expect(cleared.map((r) => Number(r.id))).toEqual([7, 400, 890]);
  });

  it('windows sized by the time they take (decision 328): small first, doubling while quick, cut when slow', async () => {
    // The clock moves as the windows go: each costs its rows times the table's cost per row.
    let now = 0;
    let msPerRow = 0.2;
    let cheaperAfter: number | null = 300;
    const sizes: number[] = [];
    const walk = new SweepSteps(
      'run-3',
      { chunkRows: 200, chunkMs: 10, clock: () => now },
      (work) => db.dataSource.transaction(work),
      {
        window: (rows) => {
          sizes.push(rows);
          now += rows * msPerRow;
          // Past the first 300 rows the table gets cheaper: the windows grow back, to chunkRows at most.
          if (cheaperAfter !== null && sizes.reduce((a, b) => a + b, 0) >= cheaperAfter) msPerRow = 0.02;
        },
      },
    );
    const [{ n: rows }] = await db.dataSource.query<Array<{ n: number | string }>>(
      'SELECT COUNT(*) AS n FROM walk_probe',
    );
    expect(await walk.count('probe:all', { table: 'walk_probe', where: '1 = 1' })).toBe(Number(rows));
    // 100 rows took 20 ms: the next 50 (10 ms each); once a window of 50 takes 1 ms, the cost
    // of a row is averaged down by halves (0.11, 0.065, 0.0425 ms), up to chunkRows.
    expect(sizes.slice(0, 9)).toEqual([100, 50, 50, 50, 50, 50, 90, 153, 200]);
    expect(Math.max(...sizes)).toBe(200);

    msPerRow = 1;
    cheaperAfter = null;
    sizes.length = 0;
    const sevens = await db.dataSource.query<Array<{ n: number | string }>>(
      'SELECT COUNT(*) AS n FROM walk_probe WHERE id % 7 = 0',
    );
    // A slow table: every window at the fewest rows a window takes after the first.
    expect(await walk.write('probe:sevens', { table: 'walk_probe', where: 'id % 7 = 0' })).toBe(Number(sevens[0].n));
    expect(sizes[0]).toBe(100);
    expect(new Set(sizes.slice(1))).toEqual(new Set([10]));
    const left = await db.dataSource.query<Array<{ n: number | string }>>(
      'SELECT COUNT(*) AS n FROM walk_probe WHERE id % 7 = 0',
    );
    expect(Number(left[0].n)).toBe(0);
  });

  const onMysql = process.env.DB === 'mysql' ? it : it.skip;
  onMysql('no chunk reads more than its window, wherever the due rows lie', () => {
    expect(readPerWindow.length).toBeGreaterThan(0);
    // A window's statements: its end (a window of rows), its keys and its statement (each within
    // the window); its transaction's progress row read and written: 3 windows and a few.
    const bound = 3 * (WINDOW + 1) + 20;
    // (Without windows, the chunk that looked for the middle run's end from row 6 read ~450 rows.)
    expect(Math.max(...readPerWindow)).toBeLessThanOrEqual(bound);
  });
});
