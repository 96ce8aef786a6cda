import { GraphQLError } from 'graphql';
import { LIFECYCLE, type LifecycleDeps } from './lifecycle.ports';

/**
 * The ordinary erasure a rule of the account's life schedules (never a second deletion path);
 * null when there is nothing left to erase (the subject erased meanwhile by a request of theirs).
 */
export async function scheduleErasure(deps: LifecycleDeps, subjectId: string, reason: string): Promise<string | null> {
  try {
    return await deps.submit({ type: 'ERASURE', subjectId, details: {}, reason, principal: LIFECYCLE });
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === 'ALREADY_ERASED') return null;
    throw error;
  }
}
