/**
 * Issue 20, acceptance 1: what an on-call's Prometheus would scrape. The counters move after an
 * erasure and a sweep; a request due tomorrow is in the due-soon gauge and an overdue one in the
 * overdue gauge; with a subgraph down, its legs show as failing by subgraph. No label holds a
 * subject, an email or a request id.
 */
import express from 'express';
import { demoId } from '../common/demo/random';
import { servable } from '../common/http';
import { metricsHandler } from '../common/metrics';
import { RightsRequestEntity } from '../subgraphs/requests/ledger/entities/rights-request.entity';
import { scrape, type Scrape } from './helpers/metrics';
import { rights, waitForStatus, requestById } from './helpers/rights';
import { sweepAndWait, lines } from './helpers/retention';
import { startStack, type Stack } from './helpers/stack';

jest.setTimeout(120_000);

let stack: Stack;
const requestsUrl = () => stack.subgraphs.requests.listening.url;
const gatewayBase = () => stack.gatewayUrl.replace(/\/graphql$/, '');

async function eventually<T>(read: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`never saw ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  process.env.REQUESTS_WORKER_INTERVAL_MS = '100';
  process.env.REQUESTS_RETRY_BASE_MS = '100';
  process.env.REQUESTS_RETRY_MAX_MS = '200';
  stack = await startStack({ subjects: 8 });
});
afterAll(async () => {
  await stack?.stop();
});

describe('/metrics', () => {
  it('the counters move after an erasure and a sweep, and no label names a subject or a request', async () => {
    const before = await scrape(requestsUrl());
    const gwBefore = await scrape(gatewayBase());
    const subjectId = demoId('subject', 3);
    const erasure = await rights(stack, 'eraseSubject', { subjectId, reason: 'Art. 17(1)(a)' });
    expect(erasure.errors).toBeUndefined();
    await waitForStatus(stack, erasure.request!.id, ['COMPLETED']);
    const run = await sweepAndWait(stack, null);

    const after = await scrape(requestsUrl());
    const gw = await scrape(gatewayBase());
    const delta = (s: Scrape, b: Scrape, name: string, labels?: Record<string, string>) =>
      s.value(name, labels) - b.value(name, labels);
    expect(delta(after, before, 'ledger_requests_received_total', { type: 'ERASURE' })).toBe(1);
    expect(delta(after, before, 'ledger_requests_received_total', { type: 'RETENTION' })).toBe(1);
    for (const subgraph of ['profile', 'sessions', 'billing', 'support'])
      expect(delta(after, before, 'ledger_leg_attempts_total', { subgraph, outcome: 'done' })).toBeGreaterThanOrEqual(
        2,
      );
    expect(delta(after, before, 'ledger_requests', { type: 'ERASURE', status: 'COMPLETED' })).toBe(1);
    // The rows the sweep's receipt lists are the rows the counter counted.
    const swept = lines(run).reduce((n, l) => n + l.deleted + l.anonymised, 0);
    expect(delta(after, before, 'retention_rows_total')).toBe(swept);
    const completedAt = new Date((await requestById(stack, run.id))!.completedAt!).getTime() / 1000;
    expect(after.value('retention_last_success_timestamp_seconds')).toBeCloseTo(completedAt, 0);
    expect(
      delta(gw, gwBefore, 'gateway_graphql_requests_total', { operation: 'mutation.eraseSubject', outcome: 'ok' }),
    ).toBe(1);
    expect(
      delta(gw, gwBefore, 'gateway_subgraph_request_duration_seconds_count', { subgraph: 'requests', outcome: 'ok' }),
    ).toBeGreaterThan(0);

    for (const text of [after.text, gw.text]) {
      expect(text).not.toContain(subjectId);
      expect(text).not.toContain(erasure.request!.id);
      expect(text).not.toMatch(/@/);
    }
  });

  it('V15, O12: a request due tomorrow is due soon, an overdue one overdue; with billing down its legs fail by subgraph', async () => {
    const billing = stack.subgraphs.billing;
    const port = billing.listening.port;
    await billing.listening.close();
    const ds = stack.subgraphs.requests.server.db.dataSource;
    try {
      const [soon, late] = await Promise.all(
        [4, 5].map(async (i) => {
          const r = await rights(stack, 'eraseSubject', { subjectId: demoId('subject', i) });
          expect(r.errors).toBeUndefined();
          return r.request!.id;
        }),
      );
      const day = 24 * 3600 * 1000;
      const repo = ds.getRepository(RightsRequestEntity);
      await repo.update({ id: soon }, { dueAt: new Date(Date.now() + day) });
      await repo.update({ id: late }, { dueAt: new Date(Date.now() - day) });

      const seen = await eventually(async () => {
        const s = await scrape(requestsUrl());
        return s.value('ledger_pending_leg_max_attempts', { subgraph: 'billing' }) >= 2 ? s : undefined;
      }, 'billing legs retried');
      expect(seen.value('ledger_requests_due_soon')).toBe(1);
      expect(seen.value('ledger_requests_due_within_1d')).toBe(1);
      expect(seen.value('ledger_requests_overdue')).toBe(1);
      expect(seen.value('ledger_legs', { subgraph: 'billing', status: 'PENDING' })).toBe(2);
      expect(seen.value('ledger_legs', { subgraph: 'profile', status: 'PENDING' })).toBe(0);
      expect(seen.value('ledger_leg_attempts_total', { subgraph: 'billing', outcome: 'retry' })).toBeGreaterThanOrEqual(
        2,
      );
      expect(seen.value('ledger_oldest_pending_leg_age_seconds')).toBeGreaterThan(0);
    } finally {
      billing.listening = await billing.server.listen(port);
    }
  });

  it('in production /metrics is not served without METRICS_TOKEN, and asks for the token when one is set', async () => {
    const app = express();
    app.get('/closed/metrics', metricsHandler({ production: true }));
    app.get('/token/metrics', metricsHandler({ production: true, token: 'scraper-secret' }));
    const server = servable(app, async () => undefined, { stopping: false });
    const { url } = await server.listen(0);
    try {
      expect((await fetch(`${url}/closed/metrics`)).status).toBe(404);
      expect((await fetch(`${url}/token/metrics`)).status).toBe(401);
      const ok = await scrape(`${url}/token`, { authorization: 'Bearer scraper-secret' });
      expect(ok.names().has('ledger_requests_overdue')).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
