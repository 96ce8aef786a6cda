import type { LegStatus, RequestStatus } from './request.enums';

/**
 * How the legs of a request combine: in which order they may run, and what status they give
 * their request. Pure rules, used by the fan-out (fanout.ts) and tested on their own.
 */

/**
 * The legs to run, in waves: each wave runs at once, after the one before it. With a first leg
 * (a rectification's profile, registry.ts), that leg alone, then the others.
 */
export function legWaves<S extends string>(firstLeg: string | null, subgraphs: readonly S[]): S[][] {
  if (!firstLeg) return [[...subgraphs]];
  const first = subgraphs.filter((s) => s === firstLeg);
  const then = subgraphs.filter((s) => s !== firstLeg);
  return then.length > 0 ? [first, then] : [first];
}

/**
 * The request's status from its legs as they now stand: FAILED when one gave up, COMPLETED when
 * all are done, RECEIVED while none has been tried yet, IN_PROGRESS otherwise.
 */
export function statusFromLegs(
  legs: ReadonlyArray<{ status: LegStatus; attempts: number }>,
  current: RequestStatus,
): RequestStatus {
  if (legs.some((l) => l.status === 'FAILED')) return 'FAILED';
  if (legs.every((l) => l.status === 'DONE')) return 'COMPLETED';
  return current === 'RECEIVED' && legs.every((l) => l.attempts === 0) ? 'RECEIVED' : 'IN_PROGRESS';
}
