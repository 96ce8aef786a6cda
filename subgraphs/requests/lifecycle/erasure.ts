import { GraphQLError } from 'graphql';
import type { RequestCause } from '../ledger/request-details';
import { LIFECYCLE, type LifecycleDeps } from './lifecycle.ports';

/** Why the account's life erases: the event, its day, and whether the deadline runs from it. */
export interface ErasureCause {
  cause: Exclude<RequestCause, 'REQUEST'>;
  at: Date;
  /** The policy counts the erasure's deadline from the event (a closure), not from the sweep. */
  dueFromEvent?: boolean;
}

/**
 * The ordinary erasure a rule of the account's life schedules (never a second deletion path);
 * null when there is nothing left to erase (the subject erased meanwhile by a request of theirs).
 * Its cause goes in its details, for the messages that tell the subject why.
 */
export async function scheduleErasure(
  deps: LifecycleDeps,
  subjectId: string,
  reason: string,
  why: ErasureCause,
): Promise<string | null> {
  try {
    return await deps.submit({
      type: 'ERASURE',
      subjectId,
      details: { cause: why.cause, causeAt: why.at.toISOString() },
      reason,
      principal: LIFECYCLE,
      ...(why.dueFromEvent ? { dueFrom: why.at } : {}),
    });
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === 'ALREADY_ERASED') return null;
    throw error;
  }
}
