import { openSubgraphDatabase } from '../common/datasource';
import { POLICIES } from '../policies';
import { demoId } from '../common/demo/random';
import { RightsRequestEntity } from '../subgraphs/requests/ledger/entities/rights-request.entity';
import { newRequest } from '../subgraphs/requests/ledger/new-request';
import { unsubscribeRunKey } from '../subgraphs/requests/mail/unsubscribe.token';
import { ledgerOf, runtimeOf } from './helpers/ledger';
import { ledgerFor } from '../subgraphs/requests/requests.runtime';
import { requestsSubgraph } from '../subgraphs/requests/requests.subgraph';
import { DEFAULT_FANOUT } from '../subgraphs/requests/ledger/ledger.settings';
import { lines, runById, runRetention, waitForRun } from './helpers/retention';
import { parseMetrics } from './helpers/metrics';
import { registry, retentionChunks, retentionStatementRows, retentionWindowRows } from '../common/metrics';
import { startStack, type Stack } from './helpers/stack';

/**
 * A sweep's statements per subgraph (decision 260): while every table fits in one chunk
 * (RETENTION_CHUNK_ROWS, here larger than any table), the same for 50 subjects and for 250. Both
 * populations hold the retention showcase (index 40 of each hundred), so both sweeps have
 * records to delete and anonymise in every subgraph, 3 times as many in the larger. In chunks
 * smaller than the rows, the number of statements grows with the rows, by a bounded number per
 * chunk, and no statement changes more than a chunk's rows (below).
 */
describe('SQL statements per sweep', () => {
  async function sweepCost(subjects: number, policyId: 'ophelantyra' | 'veloraqenvi') {
    // Chunks larger than any table here: a chunk reads a window of its table (decision 268), so
    // with the default's the number of chunks grows with the tables by design; and windows of
    // that size from the first, not sized by their time (decision 328), which varies run to run.
    process.env.RETENTION_CHUNK_ROWS = '100000';
    process.env.RETENTION_CHUNK_MS = '0';
    const stack = await startStack({ subjects, policy: POLICIES[policyId] });
    try {
      stack.resetCounters();
      const res = await runRetention(stack, '2026-11-01', true);
      expect(res.errors).toBeUndefined();
      expect(res.data!.r.status).toBe('COMPLETED');
      const changed = lines(res.data!.r).reduce((n, l) => n + l.deleted + l.anonymised, 0);
      return { statements: stack.sqlCounts(), changed };
    } finally {
      delete process.env.RETENTION_CHUNK_ROWS;
      delete process.env.RETENTION_CHUNK_MS;
      await stack.stop();
    }
  }

  it.each(['ophelantyra', 'veloraqenvi'] as const)('%s: the same for 50 subjects and for 250', async (policyId) => {
    const small = await sweepCost(50, policyId);
    const large = await sweepCost(250, policyId);
    expect(large.statements).toEqual(small.statements);
    // ...while the larger sweep changes more records.
    expect(small.changed).toBeGreaterThan(0);
    expect(large.changed).toBeGreaterThan(small.changed);
    // Profile has no dated rule (an account lasts while it is open): its part costs nothing.
    for (const name of ['sessions', 'billing', 'support', 'requests'] as const)
      expect(small.statements[name]).toBeGreaterThan(0);
  });
});

describe('a real sweep in chunks of 3 rows', () => {
  const SUBGRAPHS = ['sessions', 'billing', 'support', 'requests'] as const;

  async function chunkedSweep(subjects: number) {
    process.env.RETENTION_CHUNK_ROWS = '3';
    // Windows of 3 rows make a leg of thousands of short transactions: on MariaDB longer than
    // the default 4 s a leg's call may take (it would be retried, resuming, but slowly).
    process.env.REQUESTS_CALL_TIMEOUT_MS = '120000';
    const stack = await startStack({ subjects, policy: POLICIES.veloraqenvi });
    try {
      retentionChunks.reset();
      retentionStatementRows.reset();
      retentionWindowRows.reset();
      stack.resetCounters();
      const started = await runRetention(stack, '2026-11-01');
      expect(started.errors).toBeUndefined();
      // The test's own polls read the run from requests: as many as the sweep took tenths of a
      // second, so more on a loaded machine. Their statements are taken off: one poll's, measured.
      let polls = 0;
      const polling = { query: ((...args) => ((polls += 1), stack.query(...args))) as Stack['query'] };
      const run = await waitForRun(polling, started.data!.r.id, ['COMPLETED'], 150_000);
      const swept = stack.sqlCounts();
      await runById(stack, started.data!.r.id);
      const afterPoll = stack.sqlCounts();
      const statements = Object.fromEntries(
        SUBGRAPHS.map((n) => [n, swept[n] - polls * (afterPoll[n] - swept[n])]),
      ) as Record<(typeof SUBGRAPHS)[number], number>;
      const metrics = parseMetrics(await registry.metrics());
      return {
        changed: lines(run).reduce((n, l) => n + l.deleted + l.anonymised, 0),
        writes: metrics.value('retention_statement_rows_count'),
        writesOfAtMost3: metrics.value('retention_statement_rows_bucket', { le: '3' }),
        // Every window observed with its rows (decision 328): never more than the chunk's 3.
        windows: metrics.value('retention_chunks_total'),
        windowsObserved: metrics.value('retention_window_rows_count'),
        windowRows: metrics.value('retention_window_rows_sum'),
        // Beyond 5 statements per chunk at most (progress read and written, window's end, keys, statement).
        beyond: Object.fromEntries(
          SUBGRAPHS.map((n) => [n, statements[n] - 5 * metrics.value('retention_chunks_total', { subgraph: n })]),
        ),
      };
    } finally {
      delete process.env.RETENTION_CHUNK_ROWS;
      delete process.env.REQUESTS_CALL_TIMEOUT_MS;
      await stack.stop();
    }
  }

  it('statements per chunk and rows per statement bounded, whatever the number of subjects', async () => {
    const small = await chunkedSweep(50);
    const large = await chunkedSweep(250);
    expect(large.changed).toBeGreaterThan(small.changed);
    for (const cost of [small, large]) {
      expect(cost.writes).toBeGreaterThan(0);
      expect(cost.writesOfAtMost3).toBe(cost.writes);
      expect(cost.windowsObserved).toBe(cost.windows);
      expect(cost.windowRows).toBeLessThanOrEqual(3 * cost.windows);
      expect(cost.windowRows).toBeGreaterThan(cost.windows);
    }
    // What a sweep sends besides its chunks (the run's own bookkeeping, the ledger's) does not grow.
    for (const name of SUBGRAPHS) expect(large.beyond[name]).toBeLessThanOrEqual(small.beyond[name]);
  }, 400_000);
});

describe('two replicas of the requests service', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 2 });
  });
  afterAll(() => stack.stop());

  // Replicas share a MySQL server in production; SQLite is one writer on one file (it answers
  // "database is locked" to a second connection), so there this runs on MySQL/MariaDB only.
  const replicas = process.env.DB === 'mysql' ? it : it.skip;
  replicas("do not run the same day's sweep twice", async () => {
    const second = await openSubgraphDatabase(
      'requests',
      stack.db,
      requestsSubgraph.entities,
      requestsSubgraph.migrations,
    );
    try {
      const runtime = runtimeOf(stack);
      const settings = { at: 3 * 60, timeZone: 'Europe/Paris', scheduled: true, checkIntervalMs: 60_000 };
      const one = ledgerFor(stack.subgraphs.requests.server.db.dataSource, runtime, DEFAULT_FANOUT, settings);
      const two = ledgerFor(second.dataSource, runtime, DEFAULT_FANOUT, settings);
      const now = new Date('2026-11-30T10:00:00Z');
      const longAgo = new Date('2026-01-01T00:00:00Z');
      const claims = await Promise.all([
        one.retention.scheduledTick(now, longAgo),
        two.retention.scheduledTick(now, longAgo),
        one.retention.scheduledTick(now, longAgo),
        two.retention.scheduledTick(now, longAgo),
      ]);
      expect(claims.filter((c) => c !== null)).toHaveLength(1);
      const runs = await stack.query<{ retentionRuns: { nodes: Array<{ asOf: string }> } }>(
        '{ retentionRuns { nodes { asOf } } }',
      );
      expect(runs.data!.retentionRuns.nodes).toEqual([{ asOf: '2026-11-30' }]);
      await one.fanout.drain();
      await two.fanout.drain();
    } finally {
      await second.dataSource.destroy();
    }
  });
});

describe('the retention schedule', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subjects: 2 });
  });
  afterAll(() => stack.stop());

  it("finds the day's sweep due after an unsubscribe link was used (its claim shares the run-key column)", async () => {
    const { retention, fanout } = ledgerOf(stack);
    const longAgo = new Date('2026-01-01T00:00:00Z');
    expect(await retention.scheduledTick(new Date('2026-11-29T10:00:00Z'), longAgo)).not.toBeNull();
    await fanout.drain();
    // A used unsubscribe link's claim (unsubscribeRunKey): "unsub:<message id>", which sorts after
    // "RETENTION:<day>". This message id makes a misread day ("ffff...") later than any date.
    const at = new Date('2026-11-29T12:00:00Z');
    await stack.subgraphs.requests.server.db.dataSource.getRepository(RightsRequestEntity).insert(
      newRequest({
        type: 'CONSENT',
        subjectId: demoId('subject', 0),
        details: { purpose: 'MARKETING', granted: false },
        reason: null,
        submittedBy: 'unsubscribe',
        receivedAt: at,
        dueAt: at,
        now: at,
        status: 'COMPLETED',
        runKey: unsubscribeRunKey('ffffffff-ffff-4fff-bfff-ffffffffffff'),
      }),
    );
    const next = await retention.scheduledTick(new Date('2026-11-30T10:00:00Z'), longAgo);
    expect(next).not.toBeNull();
    await fanout.drain();
    const runs = await stack.query<{ retentionRuns: { nodes: Array<{ asOf: string }> } }>(
      '{ retentionRuns { nodes { asOf } } }',
    );
    expect(runs.data!.retentionRuns.nodes).toEqual([{ asOf: '2026-11-30' }, { asOf: '2026-11-29' }]);
  });
});
