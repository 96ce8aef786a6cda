import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type express from 'express';
import { GraphQLError } from 'graphql';
import { signInternalToken } from '../common/internal-token';
import type { Principal } from '../common/access';
import type { Authenticator } from './auth';
import type { RateLimiter } from './limits';

interface ProxyOptions {
  authenticate: Authenticator;
  rateLimiter: RateLimiter;
  /** The requests service's base URL (known once the gateway has built its services). */
  requestsBase: () => string;
  key: Uint8Array;
  timeoutMs: number;
}

/**
 * GET /packages/:id: the access package of a rights request, for its subject or a dpo. The
 * gateway only authenticates (the same bearer token as /graphql, the same rate limit) and
 * forwards with an internal token; the `requests` service decides and streams the zip. Errors
 * are JSON in GraphQL's shape, with a code and nothing of the caller's input.
 */
export function packageProxy(options: ProxyOptions): express.RequestHandler {
  return async (req, res) => {
    let principal: Principal;
    try {
      principal = await options.authenticate(req.headers.authorization);
      await options.rateLimiter.admitRequest(principal);
    } catch (error) {
      if (!(error instanceof GraphQLError)) {
        // Never express's default page (a stack trace outside production).
        res.status(500).json({
          errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        });
        return;
      }
      const http = error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
      for (const [name, value] of http?.headers ?? []) res.setHeader(name, value);
      res
        .status(http?.status ?? 401)
        .json({ errors: [{ message: error.message, extensions: { code: error.extensions.code } }] });
      return;
    }
    const id = encodeURIComponent(String(req.params.id));
    try {
      const token = await signInternalToken(options.key, 'requests', { principal, requestId: randomUUID() });
      const answer = await fetch(`${options.requestsBase()}/internal/packages/${id}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      res.status(answer.status);
      for (const name of ['content-type', 'content-length', 'content-disposition', 'cache-control']) {
        const value = answer.headers.get(name);
        if (value) res.setHeader(name, value);
      }
      if (!answer.body) {
        res.end();
        return;
      }
      await pipeline(Readable.fromWeb(answer.body as WebReadableStream<Uint8Array>), res);
    } catch {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.status(503).json({
        errors: [
          { message: 'The requests service did not answer; try again.', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } },
        ],
      });
    }
  };
}
