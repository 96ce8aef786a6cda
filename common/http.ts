import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';

export interface Listening {
  port: number;
  url: string;
  close(): Promise<void>;
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
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      })),
  };
}

/**
 * The listen/stop pair the gateway and every subgraph expose: listen as often as wanted (tests
 * take a subgraph down and bring it back), stop closes every socket before `release` frees what
 * the sockets used. Each step runs even if an earlier one failed: a pool left open keeps the
 * process alive.
 */
export function servable(
  app: express.Express,
  release: () => Promise<void>,
): { listen(port: number): Promise<Listening>; stop(): Promise<void> } {
  const listening: Listening[] = [];
  return {
    async listen(port: number) {
      const l = await listen(app, port);
      listening.push(l);
      return l;
    },
    async stop() {
      await Promise.allSettled(listening.map((l) => l.close()));
      await release();
    },
  };
}
