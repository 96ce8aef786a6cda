/**
 * The DataLoader reads of one moment share a round trip on MySQL/MariaDB (common/coalesced-reads.ts,
 * decision 339): each caller still gets exactly its own rows, each statement is still counted, a
 * failing statement costs the others nothing, a value cannot smuggle in a statement of its own, and
 * the pool closes with its data source. DB=mysql only: SQLite has no round trips to save.
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { In, type DataSource } from 'typeorm';
import { rowsByKeys } from '../common/batch-read';
import { coalescedReadsOf, MAX_BATCH_STATEMENTS } from '../common/coalesced-reads';
import { dbConfigFromEnv } from '../common/config';
import { dropMysqlDatabases, openSubgraphDatabase, type SubgraphDatabase } from '../common/datasource';
import { reseed } from '../common/demo/seeding';
import { demoId } from '../common/demo/random';
import { SUBGRAPHS } from '../subgraphs';
import { ConnectionLogEntity } from '../subgraphs/sessions/entities/connection-log.entity';
import { LearningProgressEntity } from '../subgraphs/sessions/entities/learning-progress.entity';
import { MentoringSessionEntity } from '../subgraphs/sessions/entities/mentoring-session.entity';
import { SharedDocumentEntity } from '../subgraphs/sessions/entities/shared-document.entity';

const server = dbConfigFromEnv();
const describeOnMysql = server.kind === 'mysql' ? describe : describe.skip;
const SUBJECTS = 30;

describeOnMysql('reads of one moment in one round trip (MySQL)', () => {
  const cfg = { ...server, databasePrefix: `dsgt_${randomBytes(4).toString('hex')}` };
  const database = `${cfg.databasePrefix}_sessions`;
  const ids = Array.from({ length: SUBJECTS }, (_, i) => demoId('subject', i));
  let db: SubgraphDatabase;
  let ds: DataSource;

  /** What TypeORM's own `find` reads, one statement at a time on its pool: the reference. */
  const reference = () =>
    Promise.all([
      ds.getRepository(MentoringSessionEntity).find({
        where: { subjectId: In(ids) },
        order: { scheduledAt: 'ASC', id: 'ASC' },
      }),
      ds
        .getRepository(ConnectionLogEntity)
        .find({ where: { subjectId: In(ids) }, order: { startedAt: 'ASC', id: 'ASC' } }),
      ds
        .getRepository(SharedDocumentEntity)
        .find({ where: { subjectId: In(ids) }, order: { sharedAt: 'ASC', id: 'ASC' } }),
      ds.getRepository(LearningProgressEntity).find({
        where: { subjectId: In(ids) },
        order: { startedAt: 'ASC', id: 'ASC' },
      }),
    ]);
  const coalesced = () =>
    Promise.all([
      rowsByKeys(ds, MentoringSessionEntity, 'subjectId', ids, { scheduledAt: 'ASC', id: 'ASC' }),
      rowsByKeys(ds, ConnectionLogEntity, 'subjectId', ids, { startedAt: 'ASC', id: 'ASC' }),
      rowsByKeys(ds, SharedDocumentEntity, 'subjectId', ids, { sharedAt: 'ASC', id: 'ASC' }),
      rowsByKeys(ds, LearningProgressEntity, 'subjectId', ids, { startedAt: 'ASC', id: 'ASC' }),
    ]);
  const reads = () => {
    const found = coalescedReadsOf(ds);
    if (!found) throw new Error('a MySQL data source has coalesced reads');
    return found;
  };

  beforeAll(async () => {
    db = await openSubgraphDatabase('sessions', cfg, SUBGRAPHS.sessions.entities, SUBGRAPHS.sessions.migrations);
    ds = db.dataSource;
    await reseed(SUBGRAPHS.sessions, ds, { subjects: SUBJECTS, now: new Date('2026-11-01T00:00:00Z') });
  });

  afterAll(async () => {
    if (ds.isInitialized) await ds.destroy();
    await dropMysqlDatabases(cfg, [database]);
  });

  it('four reads asked together: one round trip, four statements counted, each its own rows as find reads them', async () => {
    const expected = await reference();
    expect(expected.map((rows) => rows.length).every((n) => n > 0)).toBe(true);
    const trips = reads().roundTrips;
    db.sql.reset();
    const got = await coalesced();
    expect(reads().roundTrips - trips).toBe(1);
    expect(db.sql.total).toBe(4);
    expect(got).toEqual(expected);
    // Dates come back as Dates, in UTC, as TypeORM's own pool gives them.
    expect(got[1][0].startedAt).toBeInstanceOf(Date);
    expect(got[1][0].startedAt.getTime()).toBe(expected[1][0].startedAt.getTime());
  });

  it('more reads at once than a round trip takes: batches of at most MAX_BATCH_STATEMENTS, each read its rows', async () => {
    const asked = [...ids, ...ids].slice(0, 2 * MAX_BATCH_STATEMENTS + 5);
    const expected = await Promise.all(
      asked.map((id) =>
        ds
          .getRepository(ConnectionLogEntity)
          .find({ where: { subjectId: id }, order: { startedAt: 'ASC', id: 'ASC' } }),
      ),
    );
    const trips = reads().roundTrips;
    const got = await Promise.all(
      asked.map((id) => rowsByKeys(ds, ConnectionLogEntity, 'subjectId', [id], { startedAt: 'ASC', id: 'ASC' })),
    );
    expect(reads().roundTrips - trips).toBe(3);
    expect(got).toEqual(expected);
    expect(got.some((rows) => rows.length > 0)).toBe(true);
  });

  it('a statement that fails fails alone: the reads asked with it get their rows', async () => {
    const expected = await reference();
    const trips = reads().roundTrips;
    // Asked in the same moment: the failing statement goes first in the shared round trip.
    const [failed, others] = await Promise.allSettled([
      reads().read('SELECT * FROM no_such_table WHERE id IN (?)', ['x']),
      coalesced(),
    ]);
    expect(failed.status).toBe('rejected');
    expect(String((failed as PromiseRejectedResult).reason)).toMatch(/no_such_table/);
    expect(others).toEqual({ status: 'fulfilled', value: expected });
    // The shared round trip, then each of the five again alone.
    expect(reads().roundTrips - trips).toBe(1 + 5);
  });

  it('a key cannot add a statement of its own: it is a value, read as one', async () => {
    const before = await ds.getRepository(ConnectionLogEntity).count();
    const hostile = ["x'); DELETE FROM connection_log; -- ", "x'; DELETE FROM connection_log; SELECT '", '\\'];
    const rows = await rowsByKeys(ds, ConnectionLogEntity, 'subjectId', hostile);
    expect(rows).toEqual([]);
    expect(await ds.getRepository(ConnectionLogEntity).count()).toBe(before);
  });

  it('the data source closes its pool of coalesced reads with its own: no connection left on the server', async () => {
    await coalesced();
    const root = await mysql.createConnection({
      host: cfg.mysql.host,
      port: cfg.mysql.port,
      user: cfg.mysql.user,
      password: cfg.mysql.password,
    });
    try {
      const open = async () => {
        const [rows] = await root.query<mysql.RowDataPacket[]>(
          'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ?',
          [database],
        );
        return Number(rows[0].n);
      };
      expect(await open()).toBeGreaterThan(1);
      await ds.destroy();
      // The server drops a closed connection's thread a moment after the client's QUIT.
      const deadline = Date.now() + 5_000;
      while ((await open()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await open()).toBe(0);
      // A read after the close is refused, as TypeORM's own pool refuses it, and opens nothing.
      await expect(rowsByKeys(ds, ConnectionLogEntity, 'subjectId', ids)).rejects.toThrow(/closed/);
      expect(await open()).toBe(0);
    } finally {
      await root.end();
    }
  });
});
