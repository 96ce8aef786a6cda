/**
 * Many writers, one audit chain (issue 19): two DataSources on one MariaDB database are what two
 * `requests` replicas are to each other. Their ledgers write side by side (no process lock on
 * MySQL): every transaction commits, the audit chain stays one linear chain that verifies, and a
 * leg's lease is taken by one of them only, and kept by the attempt that runs it for as long as
 * it runs. DB=mysql only, like every test that needs the server.
 */
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { dbConfigFromEnv } from '../common/config';
import { dropMysqlDatabases, mysqlDatabaseName, openSubgraphDatabase } from '../common/datasource';
import { appendAudit } from '../subgraphs/requests/ledger/audit.store';
import { verifyAuditLog } from '../subgraphs/requests/ledger/audit.verify';
import { AuditEventEntity } from '../subgraphs/requests/ledger/entities/audit-event.entity';
import { ReceiptOutcome, type PrivacyReceipt } from '../common/privacy-contract/receipt';
import { Fanout } from '../subgraphs/requests/ledger/fanout';
import { keepingLeases } from '../subgraphs/requests/ledger/lease';
import { DEFAULT_FANOUT } from '../subgraphs/requests/ledger/ledger.settings';
import { LedgerStore } from '../subgraphs/requests/ledger/ledger.store';
import { newRequest, pendingLegs } from '../subgraphs/requests/ledger/new-request';
import { RequestTypes } from '../subgraphs/requests/ledger/registry';
import type { RightsRequestEntity } from '../subgraphs/requests/ledger/entities/rights-request.entity';
import { requestsSubgraph } from '../subgraphs/requests/requests.subgraph';

const server = dbConfigFromEnv();

/** `n` erasure requests received and due `now`, of the subjects `subjectOf` names. */
const erasures = (n: number, now: Date, subjectOf: (i: number) => string): RightsRequestEntity[] =>
  Array.from({ length: n }, (_, i) =>
    newRequest({
      type: 'ERASURE',
      subjectId: subjectOf(i),
      details: {},
      reason: null,
      submittedBy: 'test',
      receivedAt: now,
      dueAt: now,
      now,
    }),
  );
const describeOnMysql = server.kind === 'mysql' ? describe : describe.skip;
if (server.kind !== 'mysql') console.log('replica-writes: skipped, it needs DB=mysql (two writers on one server)');

describeOnMysql('two requests replicas writing one MariaDB database', () => {
  const cfg = { ...server, databasePrefix: `dsgrw_${randomBytes(3).toString('hex')}` };
  const replicas: DataSource[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i += 1) {
      const db = await openSubgraphDatabase('requests', cfg, requestsSubgraph.entities, requestsSubgraph.migrations);
      replicas.push(db.dataSource);
    }
  });

  afterAll(async () => {
    for (const ds of replicas) await ds.destroy();
    await dropMysqlDatabases(cfg, [mysqlDatabaseName(cfg, 'requests')]);
  });

  test('every write commits and the audit chain stays one linear chain that verifies', async () => {
    const stores = replicas.map((ds) => new LedgerStore(ds));
    const at = new Date('2026-12-01T10:00:00Z');
    // 2 x 60 transactions at once, each appending two rows after reading first (as the ledger does).
    const writes = Array.from({ length: 120 }, (_, i) =>
      stores[i % 2].write(async (tx) => {
        await tx.getRepository(AuditEventEntity).count();
        await appendAudit(tx, at, [
          { requestId: null, action: 'TEST', actor: `replica-${i % 2}`, detail: { i, part: 1 } },
          { requestId: null, action: 'TEST', actor: `replica-${i % 2}`, detail: { i, part: 2 } },
        ]);
      }),
    );
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const verified = await verifyAuditLog(replicas[0]);
    expect(verified.broken).toBeNull();
    expect(verified.rows).toBe(240);
    // Each transaction's two rows are next to each other: nobody wrote between them.
    const rows = await replicas[1].getRepository(AuditEventEntity).find({ order: { seq: 'ASC' } });
    for (let k = 0; k < rows.length; k += 2) {
      const [a, b] = [JSON.parse(rows[k].detail), JSON.parse(rows[k + 1].detail)] as Array<{ i: number; part: number }>;
      expect([a.i, a.part, b.i, b.part]).toEqual([a.i, 1, a.i, 2]);
    }
  });

  test('the audit rows chained on the server verify with unicode, quotes and no request', async () => {
    const [store] = replicas.map((ds) => new LedgerStore(ds));
    const at = new Date('2026-12-01T10:00:00.123Z');
    await store.write((tx) =>
      appendAudit(tx, at, [
        {
          requestId: null,
          action: 'TEST_UNICODE',
          actor: 'Zoë "the dpo" 😀 \\ 名前',
          detail: { note: 'line\nbreak', n: 1.5 },
        },
        { requestId: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6', action: 'TEST_UNICODE', actor: 'worker', detail: {} },
      ]),
    );
    // More rows than one statement chains (eight), each after the one before.
    const many = Array.from({ length: 11 }, (_, i) => ({ requestId: null, action: 'MANY', actor: 'w', detail: { i } }));
    await store.write((tx) => appendAudit(tx, at, many));
    const verified = await verifyAuditLog(replicas[1]);
    expect(verified.broken).toBeNull();
    const manyRows = await replicas[1]
      .getRepository(AuditEventEntity)
      .find({ where: { action: 'MANY' }, order: { seq: 'ASC' } });
    expect(manyRows.map((r) => JSON.parse(r.detail) as { i: number })).toEqual(many.map((m) => m.detail));
    const last = await replicas[1]
      .getRepository(AuditEventEntity)
      .find({ where: { action: 'TEST_UNICODE' }, order: { seq: 'DESC' }, take: 2 });
    expect(last.map((r) => [r.actor, r.at.toISOString()])).toEqual([
      ['worker', at.toISOString()],
      ['Zoë "the dpo" 😀 \\ 名前', at.toISOString()],
    ]);
  });

  test('an append whose head lock lost a deadlock appends nothing then, and once when its transaction runs again', async () => {
    const [mine] = replicas.map((ds) => new LedgerStore(ds));
    const at = new Date('2026-12-01T11:00:00Z');
    const row = `deadlock-${randomBytes(4).toString('hex')}`;
    await replicas[0].query('INSERT INTO package_link_use (jti, request_id, used_at) VALUES (?, ?, ?)', [row, row, at]);
    // The other writer: heavier (fifty rows written), it holds the head and will want `row`.
    const other = replicas[1].createQueryRunner();
    await other.connect();
    await other.startTransaction();
    for (let i = 0; i < 50; i += 1)
      await other.query('INSERT INTO package_link_use (jti, request_id, used_at) VALUES (?, ?, ?)', [
        `${row}-${i}`,
        row,
        at,
      ]);
    await other.query('SELECT id FROM audit_head WHERE id = 1 FOR UPDATE');
    let attempts = 0;
    // This one holds `row`, then appends: its head lock waits for the other...
    const appended = mine.write(async (tx) => {
      attempts += 1;
      await tx.query('SELECT jti FROM package_link_use WHERE jti = ? FOR UPDATE', [row]);
      await appendAudit(tx, at, [{ requestId: null, action: 'DEADLOCK_TEST', actor: row, detail: {} }]);
    });
    await new Promise((r) => setTimeout(r, 300));
    // ...which now wants `row`: InnoDB rolls back the lighter of the two, this one. Nothing of
    // its append may be left (a statement sent after the lock would run on its own, committed).
    await other.query('SELECT jti FROM package_link_use WHERE jti = ? FOR UPDATE', [row]);
    await other.commitTransaction();
    await other.release();
    await appended;
    expect(attempts).toBe(2);
    const rows = await replicas[0].getRepository(AuditEventEntity).findBy({ actor: row });
    expect(rows.map((r) => r.action)).toEqual(['DEADLOCK_TEST']);
    expect((await verifyAuditLog(replicas[0])).broken).toBeNull();
  });

  /** Requests of a type whose legs only say they ran, each leg's run noted. */
  const countingTypes = (runs: string[], legs: readonly string[]) => {
    const types = new RequestTypes();
    types.register('ERASURE', {
      legs,
      run: async (request, subgraph): Promise<PrivacyReceipt> => {
        runs.push(`${request.id}/${subgraph}`);
        await new Promise((r) => setTimeout(r, 10));
        const at = new Date();
        return {
          subgraph,
          operation: 'erase',
          requestId: request.id,
          outcome: ReceiptOutcome.APPLIED,
          at,
          entities: [],
          recipients: [],
          carriesOut: [],
        };
      },
    });
    return types;
  };
  const recorded = async (store: LedgerStore, n: number, legs: readonly string[]): Promise<RightsRequestEntity[]> => {
    const now = new Date(Date.now() - 1000);
    const prefix = `claims-${randomBytes(4).toString('hex')}`;
    const requests = erasures(n, now, (i) => `${prefix}-${i}`);
    await store.write(async (tx) => {
      for (const r of requests) await store.insertRequest(tx, r, pendingLegs(r.id, legs, now));
    });
    return requests;
  };

  test('the legs of a request claimed together run once each when both replicas dispatch it at once', async () => {
    const legs = ['profile', 'sessions', 'billing', 'support'];
    const runs: string[] = [];
    const types = countingTypes(runs, legs);
    const [one, two] = replicas.map((ds) => new Fanout(new LedgerStore(ds), types, DEFAULT_FANOUT));
    const requests = await recorded(new LedgerStore(replicas[0]), 10, legs);
    await Promise.all(requests.flatMap((r) => [one.dispatch(r.id), two.dispatch(r.id), one.dispatchRecorded(r, legs)]));
    expect(runs.sort()).toEqual(requests.flatMap((r) => legs.map((l) => `${r.id}/${l}`)).sort());
    const store = new LedgerStore(replicas[1]);
    const after = await store.legsByRequests(requests.map((r) => r.id));
    expect(after.map((l) => [l.status, l.attempts])).toEqual(after.map(() => ['DONE', 1]));
    expect((await store.requestsByIds(requests.map((r) => r.id))).map((r) => r.status)).toEqual(
      requests.map(() => 'COMPLETED'),
    );
  });

  test('a leg another writer takes away between the read and the claim is not run: the claim takes what it wrote', async () => {
    const legs = ['profile', 'billing', 'support'];
    const runs: string[] = [];
    const types = countingTypes(runs, legs);
    const [mine, other] = replicas.map((ds) => new LedgerStore(ds));
    const [request] = await recorded(mine, 1, legs);
    // A gate asked inside the claim, after the legs were read: meanwhile a writer that does not
    // lock the request (a rejection does not) cancels billing and commits.
    types.gate({
      reason: 'LEGAL_HOLD',
      types: ['ERASURE'],
      waitsWhere: { sql: '1 = 0', params: {} },
      waiting: async (_tx, r, subgraphs) => {
        expect([...subgraphs].sort()).toEqual([...legs].sort());
        await other.write((tx) => other.saveLeg(tx, r.id, 'billing', { status: 'CANCELLED', updatedAt: new Date() }));
        return new Set<string>();
      },
      holding: () => Promise.resolve(() => false),
    });
    await new Fanout(mine, types, DEFAULT_FANOUT).dispatch(request.id);
    expect(runs.sort()).toEqual([`${request.id}/profile`, `${request.id}/support`]);
    const after = await other.legsByRequests([request.id]);
    expect(after.map((l) => [l.subgraph, l.status, l.attempts])).toEqual([
      ['billing', 'CANCELLED', 0],
      ['profile', 'DONE', 1],
      ['support', 'DONE', 1],
    ]);
  });

  test('a leg is leased by one replica only, however many ask at once', async () => {
    const stores = replicas.map((ds) => new LedgerStore(ds));
    const now = new Date('2026-12-01T10:00:00Z');
    const lease = new Date(now.getTime() + 60_000);
    const requests = erasures(20, now, (i) => `subject-${i}`);
    await stores[0].write(async (tx) => {
      for (const r of requests) await stores[0].insertRequest(tx, r, pendingLegs(r.id, ['profile', 'billing'], now));
    });
    const claims = requests.flatMap((r) =>
      ['profile', 'billing'].flatMap((leg) =>
        [0, 1, 0, 1].map(async (i) => ({
          key: `${r.id}/${leg}`,
          won: await stores[i].write((tx) => stores[i].claimLeg(tx, r.id, leg, now, lease)),
        })),
      ),
    );
    const results = await Promise.all(claims);
    const wins = new Map<string, number>();
    for (const { key, won } of results) if (won) wins.set(key, (wins.get(key) ?? 0) + 1);
    expect(wins.size).toBe(40);
    expect([...wins.values()].every((n) => n === 1)).toBe(true);
  });

  test('a leg that outlasts its lease keeps it while it runs: the other replica cannot take it until it stops', async () => {
    const [mine, other] = replicas.map((ds) => new LedgerStore(ds));
    const start = new Date();
    const request = newRequest({
      type: 'ACCESS',
      subjectId: 'subject-long-build',
      details: {},
      reason: null,
      submittedBy: 'test',
      receivedAt: start,
      dueAt: start,
      now: start,
    });
    await mine.write((tx) => mine.insertRequest(tx, request, pendingLegs(request.id, ['requests'], start)));
    const ms = 400;
    const lease = { requestId: request.id, subgraph: 'requests', ms, until: new Date(start.getTime() + ms) };
    expect(await mine.write((tx) => mine.claimLeg(tx, request.id, 'requests', start, lease.until))).toBe(true);
    // The other replica asks every 100 ms during a run of five leases, then once the run is over.
    const tries: boolean[] = [];
    await keepingLeases(mine, [lease], async () => {
      const until = Date.now() + 5 * ms;
      while (Date.now() < until) {
        tries.push(await other.write((tx) => other.claimLeg(tx, request.id, 'requests', new Date(), new Date())));
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    expect(tries.length).toBeGreaterThan(10);
    expect(tries.filter(Boolean)).toEqual([]);
    // Stopped (the attempt ended without settling the leg, as a crash would): the lease lapses.
    await new Promise((r) => setTimeout(r, ms + 100));
    expect(await other.write((tx) => other.claimLeg(tx, request.id, 'requests', new Date(), new Date()))).toBe(true);
  });
});
