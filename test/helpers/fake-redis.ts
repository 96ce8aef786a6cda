/**
 * Enough of a Redis server for the readiness check: AUTH (one password) and PING, over real TCP.
 * No Redis runs on the test machines, and the check needs only these two commands.
 */
import net from 'node:net';

export interface FakeRedis {
  url: string;
  /** Refuses connections, as a Redis that went away. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** The bulk strings of each complete command (`*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n`) in `buffer`. */
function commands(buffer: string): { parsed: string[][]; rest: string } {
  const parsed: string[][] = [];
  let rest = buffer;
  for (;;) {
    const m = /^\*(\d+)\r\n/.exec(rest);
    if (!m) break;
    let at = m[0].length;
    const args: string[] = [];
    for (let i = 0; i < Number(m[1]); i++) {
      const len = /^\$(\d+)\r\n/.exec(rest.slice(at));
      if (!len || rest.length < at + len[0].length + Number(len[1]) + 2) return { parsed, rest };
      at += len[0].length;
      args.push(rest.slice(at, at + Number(len[1])));
      at += Number(len[1]) + 2;
    }
    parsed.push(args);
    rest = rest.slice(at);
  }
  return { parsed, rest };
}

export async function startFakeRedis(password: string): Promise<FakeRedis> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = '';
    let authed = false;
    socket.on('data', (chunk: Buffer) => {
      const { parsed, rest } = commands(buffer + chunk.toString('utf8'));
      buffer = rest;
      for (const [name, ...args] of parsed) {
        if (name.toUpperCase() === 'AUTH') {
          authed = args[args.length - 1] === password;
          socket.write(authed ? '+OK\r\n' : '-WRONGPASS invalid username-password pair\r\n');
        } else if (name.toUpperCase() === 'PING')
          socket.write(authed ? '+PONG\r\n' : '-NOAUTH Authentication required.\r\n');
        else socket.write('-ERR unknown command\r\n');
      }
    });
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    down: stop,
    up: () => (server.listening ? Promise.resolve() : listen(port)),
    close: stop,
  };
}
