/**
 * A mentor may see only subjects with an assignment in force today, and assignments live in the
 * sessions subgraph. The gateway asks it once per mentor request (`activeMentees`, hidden from the
 * public API) and puts the answer in the internal token every subgraph receives, so profile,
 * billing and support apply the same scope without holding assignments themselves.
 */
import type { Principal } from '../common/access';
import { postInternal } from '../common/internal-post';
import { errorMessage, fail } from '../common/errors';
import { log } from '../common/log';

/** More than any mentor can hold; keeps the internal token bounded. */
const MAX_MENTEES = 1000;

export async function withMentees(
  principal: Principal,
  sessionsUrl: string,
  key: Uint8Array,
  requestId: string,
  timeoutMs: number,
): Promise<Principal> {
  if (!principal.roles.includes('mentor')) return principal;
  try {
    const res = await postInternal(
      { url: sessionsUrl, audience: 'sessions', key, timeoutMs },
      { principal: { ...principal, roles: ['mentor'] }, requestId },
      { query: 'query MentorScope { activeMentees }' },
    );
    const body = (await res.json()) as { data?: { activeMentees?: unknown } };
    const mentees = body.data?.activeMentees;
    if (!Array.isArray(mentees) || !mentees.every((m) => typeof m === 'string'))
      throw new Error(`sessions answered ${res.status}`);
    return { ...principal, mentees: mentees.slice(0, MAX_MENTEES) };
  } catch (error) {
    log().error(`[mentor-scope] ${errorMessage(error)}`);
    // Without the list the mentor's scope is unknown: refuse rather than guess.
    throw fail('SUBGRAPH_UNAVAILABLE', "A data service did not answer; the mentor's assignments cannot be checked.", {
      http: { status: 503 },
    });
  }
}
