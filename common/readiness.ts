/**
 * Readiness, apart from liveness. `/health` says the process answers (its event loop turns): an
 * orchestrator restarts a service that stops answering it. `/ready` says the service can do its
 * work now (its database answers, its schema is current, what it depends on is there): a load
 * balancer sends it traffic only while it says so, and nobody restarts it for saying no, since a
 * restart does not bring a database back.
 *
 * The answer names what is missing and nothing else: a check's name ("database", "migrations",
 * "redis", a subgraph's name), never a host, a port, a statement or an error message, since
 * `/ready` is open to whoever reaches the port.
 */
import type express from 'express';
import { log } from './log';

/** One thing a service needs; `check` rejects (or times out) when it is not there. */
export interface ReadinessCheck {
  name: string;
  check(signal: AbortSignal): Promise<void>;
  /** Skipped while the check of that name fails: no "migrations" failure when the database is down. */
  after?: string;
}

export interface Readiness {
  ready: boolean;
  failing: string[];
  /** Why, per failing check, for the service's own log: an error code, never a message. */
  reasons: Record<string, string>;
}

/** Set once a stop begins: from then on `/ready` says no, whatever the checks say. */
export interface StopState {
  stopping: boolean;
}

export const STOPPING = 'stopping';

/**
 * Long enough for a `SELECT 1` on a loaded machine, short enough that a probe with a 3 s timeout
 * (the compose file's) gets an answer rather than giving up, and the gateway's probe of each
 * subgraph (READY_PROBE_TIMEOUT_MS) hears the subgraph's own "no".
 */
export const CHECK_TIMEOUT_MS = 1500;

/** A code that says why without saying where: `ECONNREFUSED`, `ER_ACCESS_DENIED_ERROR`, `TIMEOUT`. */
export function reasonOf(error: unknown): string {
  // Read as plain objects, not `instanceof Error`: errors built by Node itself (fetch's) come
  // from another realm under a test runner's sandbox.
  const e =
    typeof error === 'object' && error !== null ? (error as { code?: unknown; name?: unknown; cause?: unknown }) : {};
  // fetch wraps the socket's error: "fetch failed", its cause ECONNREFUSED.
  const cause = typeof e.cause === 'object' && e.cause !== null ? (e.cause as { code?: unknown }) : {};
  for (const code of [e.code, cause.code]) if (typeof code === 'string' && /^[A-Z0-9_]{2,64}$/.test(code)) return code;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'TIMEOUT';
  return typeof e.name === 'string' && /^[A-Za-z]{1,64}$/.test(e.name) && e.name !== 'Error' ? e.name : 'ERROR';
}

async function within(check: ReadinessCheck, timeoutMs: number): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  let onAbort: (() => void) | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    onAbort = () => reject(Object.assign(new Error('timeout'), { code: 'TIMEOUT' }));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    // The check may ignore the signal (a SQL driver has no way to cancel a query it sent): the
    // race answers in time anyway, and the abandoned call ends on its own driver timeout.
    await Promise.race([check.check(signal), timedOut]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** Runs the checks side by side (each within `timeoutMs`), except those `after` a failing one. */
export async function runChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs: number = CHECK_TIMEOUT_MS,
): Promise<Readiness> {
  const outcome = new Map<string, Promise<string | null>>();
  const run = (c: ReadinessCheck): Promise<string | null> => {
    let p = outcome.get(c.name);
    if (!p) {
      const before = c.after ? checks.find((d) => d.name === c.after) : undefined;
      p = (before ? run(before) : Promise.resolve(null)).then((blocked) =>
        blocked !== null
          ? 'skipped'
          : within(c, timeoutMs).then(
              () => null,
              (error: unknown) => reasonOf(error),
            ),
      );
      outcome.set(c.name, p);
    }
    return p;
  };
  const results = await Promise.all(checks.map(async (c) => [c.name, await run(c)] as const));
  const reasons: Record<string, string> = {};
  for (const [name, reason] of results) if (reason !== null && reason !== 'skipped') reasons[name] = reason;
  const failing = Object.keys(reasons);
  return { ready: failing.length === 0, failing, reasons };
}

/**
 * The `/ready` handler: 200 `{"status":"ready"}`, or 503 `{"status":"not ready","failing":[...]}`,
 * with `info` added to both (the gateway says which policy the stack applies: `npm run export` checks it).
 * Probes that arrive while a round of checks runs share it, so a burst of probes is one round of
 * queries. A change of what fails is written to the log once (with the reasons' codes), not at every probe.
 */
export function readyHandler(
  service: string,
  checks: readonly ReadinessCheck[],
  state: StopState,
  timeoutMs: number = CHECK_TIMEOUT_MS,
  info: Record<string, string> = {},
): express.RequestHandler {
  let round: Promise<Readiness> | undefined;
  /** What the last round found failing ('' for ready): a line is logged when it changes. */
  let last: string | undefined;
  return (_req, res) => {
    const answer = (r: Readiness): void => {
      res.set('cache-control', 'no-store');
      if (r.ready) res.json({ status: 'ready', ...info });
      else res.status(503).json({ status: 'not ready', failing: r.failing, ...info });
    };
    if (state.stopping) {
      answer({ ready: false, failing: [STOPPING], reasons: {} });
      return;
    }
    round ??= runChecks(checks, timeoutMs).finally(() => {
      round = undefined;
    });
    void round.then((r) => {
      const failing = r.failing.join(',');
      if (failing !== last && !state.stopping) {
        const why = Object.entries(r.reasons).map(([name, reason]) => `${name}: ${reason}`);
        if (!r.ready) log().warn({ failing: r.failing }, `${service}: not ready (${why.join(', ')})`);
        else if (last !== undefined) log().info(`${service}: ready again`);
        last = failing;
      }
      answer(r);
    });
  };
}
