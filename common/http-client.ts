/**
 * The POSTs our services send each other (the gateway's subgraph calls, the access log, the
 * ledger's privacy-contract calls), over node:http with one keep-alive pool per process.
 *
 * Not `fetch`: on Node's bundled undici, a fetch of a subgraph's answer cost about 250 µs of
 * CPU more than the same POST through node:http (WHATWG streams, headers and body mixins),
 * and the gateway makes six of them per export (decision 282). Sockets are kept open and
 * reused; a socket the peer closed is dropped by the agent (it honours the peer's
 * `Keep-Alive: timeout` hint).
 *
 * Errors are those fetch gave, so that callers and messages stay as they were: a refused
 * connection rejects with the socket's error (ECONNREFUSED...), a call past its deadline with a
 * `TimeoutError` DOMException. The deadline covers the whole answer, body included.
 */
import http from 'node:http';
import https from 'node:https';
import type { FetcherHeaders, FetcherResponse } from '@apollo/utils.fetcher';

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/** A whole answer, read before the promise resolves: what fetch's Response offered that we use. */
export class HttpAnswer implements FetcherResponse {
  readonly redirected = false;
  readonly headers: AnswerHeaders;
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    headers: http.IncomingHttpHeaders,
    private readonly body: Buffer,
  ) {
    this.headers = new AnswerHeaders(headers);
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  text(): Promise<string> {
    this.bodyUsed = true;
    return Promise.resolve(this.body.toString('utf8'));
  }

  json(): Promise<unknown> {
    return this.text().then((text) => JSON.parse(text) as unknown);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    const copy = new ArrayBuffer(this.body.byteLength);
    new Uint8Array(copy).set(this.body);
    return Promise.resolve(copy);
  }

  clone(): HttpAnswer {
    return new HttpAnswer(this.url, this.status, this.statusText, this.headers.raw(), this.body);
  }
}

/** The answer's headers, looked up case-insensitively (node gives them lower-cased). */
class AnswerHeaders implements FetcherHeaders {
  private readonly map = new Map<string, string>();

  constructor(headers: http.IncomingHttpHeaders) {
    for (const [name, value] of Object.entries(headers))
      if (value !== undefined) this.map.set(name, Array.isArray(value) ? value.join(', ') : value);
  }

  raw(): http.IncomingHttpHeaders {
    return Object.fromEntries(this.map);
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), value);
  }
  append(name: string, value: string): void {
    const known = this.get(name);
    this.set(name, known === null ? value : `${known}, ${value}`);
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  values(): IterableIterator<string> {
    return this.map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

/** POSTs `body` to `url`; resolves once the whole answer has arrived, whatever its status. */
export function post(
  url: string,
  headers: Record<string, string>,
  body: string | Buffer,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = client.request(
      target,
      { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          resolve(
            new HttpAnswer(url, res.statusCode ?? 0, res.statusMessage ?? '', res.headers, Buffer.concat(chunks)),
          );
        });
      },
    );
    function fail(error: Error): void {
      clearTimeout(timer);
      reject(error);
    }
    const timer = setTimeout(() => {
      const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      req.destroy(timeout);
      reject(timeout);
    }, timeoutMs);
    req.on('error', fail);
    req.end(body);
  });
}
