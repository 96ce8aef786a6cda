import { createHash } from 'node:crypto';
import { LessThan, type EntityManager } from 'typeorm';
import { rowsByKeysIn } from '../../../common/batch-read';
import { insertMany } from '../../../common/batch-write';
import { badUserInput, fail } from '../../../common/errors';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import type { Submission } from './submission';

/** How long a key answers with its first request: a client retries within minutes, a day is ample. */
export const IDEMPOTENCY_PERIOD_MS = 24 * 3600_000;

/** What a key may be: 1 to 255 visible ASCII characters (a UUID, a ULID, any client's token). */
const KEY = /^[\x21-\x7E]{1,255}$/;

const sha256 = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex');

/** A submission's key, checked and hashed with its caller, and the hash of what it asks. */
export interface IdempotencyClaim {
  id: string;
  bodyHash: string;
}

/** The claim of a submission that carries a key; null without one. Bad key: BAD_USER_INPUT, nothing written. */
export function idempotencyClaim(s: Submission): IdempotencyClaim | null {
  if (s.idempotencyKey == null) return null;
  if (!KEY.test(s.idempotencyKey))
    throw badUserInput('The Idempotency-Key header must be 1 to 255 visible ASCII characters.', 'Idempotency-Key');
  const body = JSON.stringify([s.type, s.subjectId, s.details, s.reason]);
  return { id: sha256(s.principal.sub, s.idempotencyKey), bodyHash: sha256(body) };
}

/**
 * The request already recorded under this claim within its period, or null. The same key with
 * another body is refused (IDEMPOTENCY_KEY_REUSED): it is a client's bug, never a second request.
 */
export async function recordedUnder(db: EntityManager, claim: IdempotencyClaim, now: Date): Promise<string | null> {
  // Without the query builder (decision 362): every submission that carries a key asks.
  const [row] = await rowsByKeysIn(db, IdempotencyKeyEntity, 'id', [claim.id]);
  if (!row || row.createdAt.getTime() <= now.getTime() - IDEMPOTENCY_PERIOD_MS) return null;
  if (row.bodyHash !== claim.bodyHash)
    throw fail(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for another request; use a new key for a new request.',
    );
  return row.requestId;
}

/**
 * Writes the claim with its request, in the request's transaction: both exist or neither. A key
 * past its period is replaced. A second writer of the same key fails on the primary key, and the
 * submission then answers with the first (rights/submission.ts).
 */
export async function recordClaim(tx: EntityManager, claim: IdempotencyClaim, requestId: string, now: Date) {
  const repo = tx.getRepository(IdempotencyKeyEntity);
  await repo.delete({ id: claim.id, createdAt: LessThan(new Date(now.getTime() - IDEMPOTENCY_PERIOD_MS + 1)) });
  await insertMany(tx, IdempotencyKeyEntity, [{ id: claim.id, bodyHash: claim.bodyHash, requestId, createdAt: now }]);
}
