/**
 * The metrics of a process (prom-client), served at `/metrics` by each service. Every metric is
 * defined here, once, so that docs/operations.md and the alert rules can be checked against one
 * list. Labels are bounded sets (a subgraph, a request type, a status, an outcome code, a
 * schema's root field): never a subject, an email, a request id.
 */
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const counter = (name: string, help: string, labelNames: string[] = []) =>
  new Counter({ name, help, labelNames, registers: [registry] });
const gauge = (name: string, help: string, labelNames: string[] = []) =>
  new Gauge({ name, help, labelNames, registers: [registry] });

/** Gateway: GraphQL requests by root field (`query.subject`) and outcome (ok or the first error code). */
export const graphqlRequests = counter('gateway_graphql_requests_total', 'GraphQL requests by operation and outcome', [
  'operation',
  'outcome',
]);

/** Gateway: each call to a subgraph, by subgraph and outcome (ok, error, unreachable). */
export const subgraphCallSeconds = new Histogram({
  name: 'gateway_subgraph_request_duration_seconds',
  help: 'Latency of the calls the gateway makes to each subgraph',
  labelNames: ['subgraph', 'outcome'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/**
 * Gateway: answers by the shaping that cut them to the client's query (decision 350): `compiled`,
 * or `apollo` (Apollo Gateway's own, for the answers and operations the compiled one leaves to it).
 */
export const answersShaped = counter('gateway_answers_shaped_total', 'Gateway answers by the shaping that cut them', [
  'by',
]);

/** Gateway: access-log entries written for reads of personal data, and failures (the read is then withheld). */
export const accessLogWrites = counter('access_log_writes_total', 'Access-log writes by outcome', ['outcome']);

/**
 * Requests: entries per access-log write it received (one POST, one INSERT, one commit), by
 * outcome (`ok`, `failed`). The gateway groups the reads of requests answered while a write is in
 * flight (decision 300), so `_count` is the writes and `_sum` the entries; their ratio is the
 * grouping under load.
 */
export const accessLogBatchEntries = new Histogram({
  name: 'access_log_batch_entries',
  help: 'Entries per access-log write received by the requests service (one INSERT, one commit)',
  labelNames: ['outcome'],
  buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
  registers: [registry],
});

/** Ledger: requests received, by type. */
export const requestsReceived = counter('ledger_requests_received_total', 'Rights requests received', ['type']);
/** Ledger: leg attempts by subgraph and outcome (done, retry, failed). */
export const legAttempts = counter('ledger_leg_attempts_total', 'Leg attempts by subgraph and outcome', [
  'subgraph',
  'outcome',
]);
/** Retention: rows a sweep deleted or anonymised, by subgraph, rule and action. */
export const retentionRows = counter('retention_rows_total', 'Rows a retention sweep deleted or anonymised', [
  'subgraph',
  'rule',
  'action',
]);
/**
 * Retention: rows each UPDATE or DELETE of a real sweep changed (decision 260): never more than
 * RETENTION_CHUNK_ROWS, whatever the size of the tables.
 */
export const retentionStatementRows = new Histogram({
  name: 'retention_statement_rows',
  help: 'Rows changed by one UPDATE or DELETE of a retention sweep',
  labelNames: ['subgraph'],
  buckets: [1, 3, 10, 30, 100, 300, 1000, 3000, 10000],
  registers: [registry],
});
/** Retention: chunks (transactions) a real sweep committed, by subgraph: how far a long sweep has come. */
export const retentionChunks = counter(
  'retention_chunks_total',
  'Chunks (windows of at most RETENTION_CHUNK_ROWS rows) gone through by retention sweeps',
  ['subgraph'],
);
/**
 * Retention: the rows of each window a real sweep went through (decision 328): sized by the time
 * the last took, so windows that shrink say the database answers slower than RETENTION_CHUNK_MS.
 */
export const retentionWindowRows = new Histogram({
  name: 'retention_window_rows',
  help: 'Rows of the table in one window of a retention sweep (sized by RETENTION_CHUNK_MS)',
  labelNames: ['subgraph'],
  buckets: [10, 25, 50, 100, 200, 400, 800, 1000, 3000, 10000],
  registers: [registry],
});
/** Access packages built, by outcome. */
export const packageBuilds = counter('access_package_builds_total', 'Access packages built by outcome', ['outcome']);

/** Gauges of the ledger, the outbox and the sweeps, computed by the `requests` service at scrape time. */
export const ledgerGauges = {
  requests: gauge('ledger_requests', 'Rights requests by type and status', ['type', 'status']),
  legs: gauge('ledger_legs', 'Legs pending or failed, by subgraph', ['subgraph', 'status']),
  legMaxAttempts: gauge('ledger_pending_leg_max_attempts', 'Most attempts of a pending leg, by subgraph', ['subgraph']),
  oldestPendingLeg: gauge('ledger_oldest_pending_leg_age_seconds', 'Age of the oldest pending leg (its request)'),
  overdue: gauge('ledger_requests_overdue', 'Open requests past their deadline'),
  dueSoon: gauge('ledger_requests_due_soon', 'Open requests due within 3 days, not yet overdue'),
  dueTomorrow: gauge('ledger_requests_due_within_1d', 'Open requests due within 24 hours, not yet overdue'),
  lastSweep: gauge('retention_last_success_timestamp_seconds', 'When the last retention sweep completed'),
  outbox: gauge('mail_outbox_messages', 'Messages in the outbox by status (PENDING is queued)', ['status']),
  oldestQueued: gauge('mail_oldest_queued_age_seconds', 'Age of the oldest message still queued'),
};

/** The scrape-time reading of the gauges above; the `requests` service sets it (one per process). */
let refresh: (() => Promise<void>) | undefined;
export function refreshGaugesWith(fn: () => Promise<void>): void {
  refresh = fn;
}

export interface MetricsAccess {
  /** METRICS_TOKEN: the scraper's bearer token. */
  token?: string;
  production: boolean;
}

export function metricsAccessFromEnv(production: boolean, env: NodeJS.ProcessEnv = process.env): MetricsAccess {
  const token = env.METRICS_TOKEN?.trim();
  return { production, ...(token ? { token } : {}) };
}

/**
 * `/metrics`: open in development; with METRICS_TOKEN set, only for `Authorization: Bearer
 * <token>`; in production without a token, not served at all (404), so a public port shows nothing.
 */
export function metricsHandler(access: MetricsAccess): RequestHandler {
  return (req, res) => {
    if (access.token ? req.headers.authorization !== `Bearer ${access.token}` : access.production) {
      res
        .status(access.token ? 401 : 404)
        .type('text')
        .send(access.token ? 'Unauthorized' : 'Not found');
      return;
    }
    void (async () => {
      try {
        await refresh?.();
      } catch {
        // The gauges keep their last values; the counters are still worth serving.
      }
      res.type(registry.contentType).send(await registry.metrics());
    })();
  };
}
