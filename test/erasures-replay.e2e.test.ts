import type { DataSource } from 'typeorm';
import { demoId } from '../common/demo/random';
import { DATA_SUBGRAPH_NAMES } from '../common/config';
import { remainingIds } from './helpers/lifecycle';
import { runScript } from './helpers/node-script';
import { rights, waitForStatus } from './helpers/rights';
import { db, snapshot } from './helpers/snapshot';
import { eventually } from './helpers/smtp';
import { startStack, type Stack } from './helpers/stack';

type Dump = Map<string, Array<Record<string, unknown>>>;

/** A database's every table, as a backup holds it (rows, not files: the same on SQLite and MySQL). */
async function dump(ds: DataSource): Promise<Dump> {
  const out: Dump = new Map();
  for (const meta of ds.entityMetadatas)
    out.set(meta.tableName, await ds.query<Array<Record<string, unknown>>>(`SELECT * FROM ${meta.tableName}`));
  return out;
}

const bindable = (v: unknown) => (typeof v === 'boolean' ? Number(v) : v);

/** Restores a dump: every table emptied and refilled, on one connection, foreign keys off meanwhile. */
async function restore(ds: DataSource, backup: Dump): Promise<void> {
  const runner = ds.createQueryRunner();
  const mysql = ds.options.type === 'mysql' || ds.options.type === 'mariadb';
  try {
    await runner.query(mysql ? 'SET FOREIGN_KEY_CHECKS = 0' : 'PRAGMA foreign_keys = OFF');
    for (const [table, rows] of backup) {
      await runner.query(`DELETE FROM ${table}`);
      for (const row of rows) {
        const cols = Object.keys(row);
        await runner.query(
          `INSERT INTO ${table} (${cols.map((c) => (mysql ? `\`${c}\`` : `"${c}"`)).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
          cols.map((c) => bindable(row[c])),
        );
      }
    }
    await runner.query(mysql ? 'SET FOREIGN_KEY_CHECKS = 1' : 'PRAGMA foreign_keys = ON');
  } finally {
    await runner.release();
  }
}

const WHOLE = [demoId('subject', 1), demoId('subject', 2)];
const PART = demoId('subject', 3);

describe('erasures hold after a restore: npm run erasures:replay (O13, V40, V19)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 8 });
  });
  afterAll(() => stack.stop());

  const profileOf = async (id: string) => {
    const [row] = await db(stack, 'profile').query<
      Array<{ status: string; email: string | null; phone: string | null }>
    >('SELECT status, email, phone FROM subject WHERE id = ?', [id]);
    return row;
  };
  const replay = async (since: Date) => {
    const token = await stack.token({ roles: ['dpo'], sub: 'replay-test' });
    return runScript('erasures-replay', ['--since', since.toISOString(), '--gateway', stack.gatewayUrl], {
      DSG_TOKEN: token,
    });
  };

  it('V40, O13: after a restore of a dump taken before three erasures, the replay leaves nothing of those subjects; a second replay changes nothing', async () => {
    const backups = new Map<string, Dump>();
    for (const name of DATA_SUBGRAPH_NAMES) backups.set(name, await dump(db(stack, name)));
    const since = new Date(Date.now() - 1000);

    for (const subjectId of WHOLE) {
      const r = await rights(stack, 'eraseSubject', { subjectId, reason: 'Art. 17(1)(a)' });
      await waitForStatus(stack, r.request!.id, ['COMPLETED']);
    }
    const part = await rights(stack, 'eraseSubject', { subjectId: PART, categories: ['CONTACT'] });
    await waitForStatus(stack, part.request!.id, ['COMPLETED']);
    const erased = new Map<string, string[]>();
    for (const id of [...WHOLE, PART]) erased.set(id, await remainingIds(stack, id));
    const partAfter = await profileOf(PART);
    expect(partAfter.phone).toBeNull();

    // The restore brings the subjects back: what a backup from before holds.
    for (const name of DATA_SUBGRAPH_NAMES) await restore(db(stack, name), backups.get(name)!);
    for (const id of WHOLE) expect((await profileOf(id)).status).toBe('ACTIVE');
    expect((await profileOf(PART)).phone).not.toBeNull();

    const first = await replay(since);
    expect([first.status, first.stderr]).toEqual([0, '']);
    expect(first.stdout).toMatch(/replayed 3 erasures, \d+ sweeps; changed [1-9]\d* records/);
    for (const id of WHOLE) {
      expect((await profileOf(id)).status).toBe('ERASED');
      expect(await remainingIds(stack, id)).toEqual(erased.get(id));
    }
    expect(await profileOf(PART)).toEqual(partAfter);
    expect(await remainingIds(stack, PART)).toEqual(erased.get(PART));

    // The delivery loop still sends the erasures' messages (PENDING to SENT): let it finish, so
    // that what the snapshot compares is only what a replay could change.
    await eventually(async () => {
      const [row] = await db(stack, 'requests').query<Array<{ n: number | string }>>(
        "SELECT COUNT(*) AS n FROM outbox_message WHERE status = 'PENDING'",
      );
      return Number(row.n) === 0 ? true : undefined;
    }, 'the messages delivered');
    const before = await snapshot(stack, ['access_log', 'audit_event']);
    const second = await replay(since);
    expect([second.status, second.stdout.trim().split('\n').at(-1)]).toEqual([
      0,
      'replayed 3 erasures, 0 sweeps; changed 0 records',
    ]);
    expect(await snapshot(stack, ['access_log', 'audit_event'])).toEqual(before);
  });

  it('V40: the replay is a dpo’s: anyone else is refused and nothing runs', async () => {
    const token = await stack.token({ roles: ['support'] });
    const res = await runScript(
      'erasures-replay',
      ['--since', new Date(0).toISOString(), '--gateway', stack.gatewayUrl],
      { DSG_TOKEN: token },
    );
    expect([res.status, res.stderr]).toEqual([2, expect.stringContaining('FORBIDDEN')]);
  });
});
