import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import type { StopState } from './readiness';

export interface Listening {
  port: number;
  url: string;
  /**
   * Stops accepting connections. With `graceMs` (a graceful stop), requests under way have that
   * long to finish (their connections are closed once answered, idle ones at once); whatever is
   * still open then is cut. Without it, every socket is cut at once (a test taking a service down).
   */
  close(graceMs?: number): Promise<void>;
}

/** Listens on `port` (0: any free port, as the tests do) and resolves once bound. */
/** HOST=0.0.0.0 in containers; loopback otherwise, so a dev machine exposes nothing. */
export async function listen(
  app: express.Express,
  port: number,
  host = process.env.HOST ?? '127.0.0.1',
): Promise<Listening> {
  const server = http.createServer(app);
  // The client must be the one to drop an idle keep-alive socket: undici (fetch) does so after
  // 4 s, and a server that closed at 5 s raced it whenever the event loop lagged a second under
  // load, so a request went out on a socket being closed (ECONNRESET). `close()` below ends every
  // socket itself, so a long timeout never holds a stop open.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  let draining = false;
  // While draining, each answer closes its connection: a keep-alive client would otherwise hold
  // the socket, and send its next request there, until the grace runs out.
  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (draining) res.setHeader('connection', 'close');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  // Idempotent: a test that takes a subgraph down closes it before the final teardown does.
  let closed: Promise<void> | undefined;
  return {
    port: bound,
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${bound}`,
    close(graceMs = 0) {
      draining = true;
      // Resolves once the last connection has ended.
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
      });
      if (graceMs > 0) {
        server.closeIdleConnections();
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        const clear = () => clearTimeout(cut);
        closed.then(clear, clear);
      } else server.closeAllConnections();
      return closed;
    },
  };
}

/** What a served app (the gateway, a subgraph) offers its owner: listen, and stop in order. */
export interface Servable {
  listen(port: number): Promise<Listening>;
  /** From now on `/ready` answers 503; everything else is served as before (SHUTDOWN_DELAY_MS). */
  markStopping(): void;
  /**
   * Marks it stopping, stops accepting, lets requests under way finish for up to `graceMs` (0:
   * cut at once), then frees what they used (`release`: background work, then pools).
   */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The listen/stop pair the gateway and every subgraph expose: listen as often as wanted (tests
 * take a subgraph down and bring it back), stop closes every socket before `release` frees what
 * the sockets used. Each step runs even if an earlier one failed: a pool left open keeps the
 * process alive. `state` is what the service's `/ready` reads.
 */
export function servable(
  app: express.Express,
  release: () => Promise<void>,
  state: StopState = { stopping: false },
): Servable {
  const listening: Listening[] = [];
  return {
    async listen(port: number) {
      const l = await listen(app, port);
      listening.push(l);
      return l;
    },
    markStopping() {
      state.stopping = true;
    },
    async stop(graceMs = 0) {
      state.stopping = true;
      await Promise.allSettled(listening.map((l) => l.close(graceMs)));
      await release();
    },
  };
}
