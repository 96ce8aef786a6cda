import type express from 'express';
import { GraphQLError } from 'graphql';
import type { SubgraphDatabase } from '../../../common/datasource';
import { errorMessage } from '../../../common/errors';
import type { SubgraphRuntime } from '../../../common/subgraph-server';
import { RightsRequestEntity } from '../ledger/entities/rights-request.entity';
import { runningLedger } from '../requests.runtime';
import { unsubscribeKey, unsubscribeRunKey, verifyUnsubscribe } from './unsubscribe.token';

/** Who the ledger records as having asked: the link itself, never a signed-in person. */
export const UNSUBSCRIBE_ACTOR = 'unsubscribe-link';

type Answer = { status: number; body: Record<string, unknown> };

const refusal = (status: number, code: string, message: string): Answer => ({
  status,
  body: { errors: [{ message, extensions: { code } }] },
});

/**
 * POST (RFC 8058 one-click) or GET /internal/unsubscribe/:token, forwarded by the gateway without
 * sign-in: a valid link withdraws the MARKETING consent of its subject through the ledger (a
 * CONSENT request, which turns the marketing preferences off in profile). A link used again
 * answers ALREADY_UNSUBSCRIBED and records nothing; a forged one is refused and records nothing.
 */
export function unsubscribeRoutes(router: express.Router, db: SubgraphDatabase, runtime: SubgraphRuntime): void {
  const key = unsubscribeKey(runtime.internalKey);
  const handle = async (req: express.Request, res: express.Response) => {
    let answer: Answer;
    try {
      answer = await unsubscribe(db, key, String(req.params.token));
    } catch (error) {
      process.stderr.write(`[unsubscribe] ${errorMessage(error)}\n`);
      answer = refusal(500, 'INTERNAL_SERVER_ERROR', 'The unsubscription could not be recorded; try again.');
    }
    res.status(answer.status).set('cache-control', 'no-store').json(answer.body);
  };
  router.post('/unsubscribe/:token', handle);
  router.get('/unsubscribe/:token', handle);
}

async function unsubscribe(db: SubgraphDatabase, key: Uint8Array, token: string): Promise<Answer> {
  const claims = await verifyUnsubscribe(key, token);
  if (!claims)
    return refusal(400, 'INVALID_UNSUBSCRIBE_LINK', 'This unsubscribe link is not one we sent; nothing was changed.');
  const runKey = unsubscribeRunKey(claims.messageId);
  const spent = () => db.dataSource.getRepository(RightsRequestEntity).findOneBy({ runKey });
  const done = (id: string, already: boolean): Answer => ({
    status: 200,
    body: {
      status: already ? 'ALREADY_UNSUBSCRIBED' : 'UNSUBSCRIBED',
      requestId: id,
      message: already
        ? 'This link was already used: you receive no marketing messages from us. Nothing was changed.'
        : 'You will receive no more marketing messages from us. Messages about your account and your requests continue.',
    },
  });
  const used = await spent();
  if (used) return done(used.id, true);
  const ledger = runningLedger(db.dataSource);
  if (!ledger) return refusal(503, 'SUBGRAPH_UNAVAILABLE', 'The requests service is starting; try again.');
  const now = new Date();
  try {
    const id = await ledger.rights.submissions.submit({
      type: 'CONSENT',
      subjectId: claims.subjectId,
      details: { purpose: 'MARKETING', granted: false },
      reason: 'One-click unsubscribe link',
      principal: { sub: UNSUBSCRIBE_ACTOR, roles: ['subject'], subjectId: claims.subjectId },
      identity: {
        identityMethod: 'UNSUBSCRIBE_LINK',
        identityEvidence: `message ${claims.messageId}`,
        identityVerifiedBy: UNSUBSCRIBE_ACTOR,
        identityVerifiedAt: now,
      },
      runKey,
    });
    return done(id, false);
  } catch (error) {
    // Clicked twice at once: the run key let one in.
    const first = await spent();
    if (first) return done(first.id, true);
    if (error instanceof GraphQLError)
      return refusal(409, String(error.extensions.code), 'This account no longer receives any message from us.');
    throw error;
  }
}
