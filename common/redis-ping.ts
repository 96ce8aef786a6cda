/**
 * A Redis PING over one short-lived connection, for readiness. Nothing here uses Redis yet (the
 * rate limits shared across gateway replicas will): the check exists so that a service given
 * REDIS_URL says it is not ready while Redis is not there, and it needs no client library for
 * two commands of the protocol (RESP: `*<count>\r\n$<length>\r\n<arg>\r\n`).
 */
import net from 'node:net';
import tls from 'node:tls';

class RedisPingError extends Error {
  constructor(readonly code: string) {
    super(`redis: ${code}`);
  }
}

function command(...args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

/** Throws unless the server at `url` (redis:// or rediss://, with an optional user and password) answers PONG. */
export async function redisPing(url: string, signal: AbortSignal): Promise<void> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new RedisPingError('BAD_URL');
  }
  if (target.protocol !== 'redis:' && target.protocol !== 'rediss:') throw new RedisPingError('BAD_URL');
  const port = Number(target.port || 6379);
  const host = target.hostname;
  const password = decodeURIComponent(target.password);
  const user = decodeURIComponent(target.username);
  const socket =
    target.protocol === 'rediss:' ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
  const expected: string[] = [];
  let request = '';
  if (password) {
    request += user ? command('AUTH', user, password) : command('AUTH', password);
    expected.push('+OK');
  }
  request += command('PING');
  expected.push('+PONG');
  try {
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      const fail = (code: string) => reject(new RedisPingError(code));
      signal.addEventListener('abort', () => fail('TIMEOUT'), { once: true });
      socket.once('error', (error: Error & { code?: string }) => fail(error.code ?? 'ERROR'));
      socket.once('close', () => fail('CLOSED'));
      socket.once(target.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => socket.write(request));
      socket.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        while (buffer.includes('\r\n') && expected.length > 0) {
          const line = buffer.slice(0, buffer.indexOf('\r\n'));
          buffer = buffer.slice(line.length + 2);
          // An error reply starts with its code: -NOAUTH, -WRONGPASS, -ERR.
          if (line !== expected.shift()) return fail(line.startsWith('-') ? line.slice(1).split(' ')[0] : 'UNEXPECTED');
        }
        if (expected.length === 0) resolve();
      });
    });
  } finally {
    socket.destroy();
  }
}
