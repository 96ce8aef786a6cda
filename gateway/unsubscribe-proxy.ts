import { randomUUID } from 'node:crypto';
import type express from 'express';
import { signInternalToken } from '../common/internal-token';

interface UnsubscribeProxyOptions {
  requestsBase: () => string;
  key: Uint8Array;
  timeoutMs: number;
}

const MAX_TOKEN = 2048;

/**
 * GET or POST /unsubscribe/:token: the one-click link of a message, without sign-in (the link is
 * its own proof). The gateway forwards it to `requests`, which checks the signature and withdraws
 * MARKETING; the answer (JSON, with a code when refused) comes back as it is.
 */
export function unsubscribeProxy(options: UnsubscribeProxyOptions): express.RequestHandler {
  return async (req, res) => {
    const raw = String(req.params.token);
    if (raw.length > MAX_TOKEN) {
      res.status(400).json({
        errors: [
          { message: 'This unsubscribe link is not one we sent.', extensions: { code: 'INVALID_UNSUBSCRIBE_LINK' } },
        ],
      });
      return;
    }
    try {
      const token = await signInternalToken(options.key, 'requests', {
        principal: { sub: 'unsubscribe-link', roles: ['subject'] },
        requestId: randomUUID(),
      });
      const answer = await fetch(`${options.requestsBase()}/internal/unsubscribe/${encodeURIComponent(raw)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      res
        .status(answer.status)
        .set('cache-control', 'no-store')
        .json(await answer.json());
    } catch {
      res.status(503).json({
        errors: [
          { message: 'The requests service did not answer; try again.', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } },
        ],
      });
    }
  };
}
