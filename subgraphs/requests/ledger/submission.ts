import type { Principal } from '../../../common/access';
import type { IdentityRecord } from './identity';
import type { RequestDetails } from './request-details';
import type { RequestType } from './request.enums';

/** A request about a subject, as a feature submits it (rights/submission.ts receives it). */
export interface Submission {
  type: RequestType;
  subjectId: string;
  details: RequestDetails;
  reason: string | null;
  principal: Principal;
  /** When it was received, if before it is recorded (a closure asked by letter): deadlines run from it. */
  receivedAt?: Date;
  /**
   * The event the policy counts the deadline from, when not the receipt (an ophelantyra closure's
   * erasure: thirty days from the closure, not from the sweep that submits it).
   */
  dueFrom?: Date;
  /** How the subject's identity was verified; default: their own token when they ask themself. */
  identity?: IdentityRecord;
  /** A claim that makes it once only (unique in the ledger): an unsubscribe link's. */
  runKey?: string;
  /** The client's Idempotency-Key (idempotency.ts): the same key and body answer with the first request. */
  idempotencyKey?: string | null;
}

/**
 * Receives a request about a subject: checked, recorded with its legs, started; answers its id
 * (or the id of the request already recorded that answers it). Features that schedule requests
 * (the account's life) are given this function; they do not import the feature that receives.
 */
export type SubmitRequest = (s: Submission) => Promise<string>;
